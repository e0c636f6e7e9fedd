"""`headsup users`: add users, change their role, disable them, list them."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from dashboard.config import Config
from dashboard.security import accounts
from dashboard.security.audit import CLI_SOURCE
from dashboard.security.roles import ROLES
from dashboard.store import Store


def cli_actor() -> str:
    """Name the person at the terminal for the audit trail."""
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:
        return "cli:unknown"


def read_password(from_stdin: bool) -> str:
    """Read a new password from stdin (one line) or ask twice at the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Same password again: "):
        raise accounts.AccountError("the two passwords differ")
    return first


def open_engine() -> Any:
    """Open the store named by DATABASE_URL (migrating it) and return its engine."""
    return Store.open(Config.from_env().database_url).engine


def run(args: argparse.Namespace) -> int:
    """Do one users sub-command; report a refused change in one line."""
    try:
        args.users_action(open_engine(), args)
    except accounts.AccountError as exc:
        print(f"headsup users: {exc}", file=sys.stderr)
        return 1
    return 0


def add(engine: Any, args: argparse.Namespace) -> None:
    """Add a user with a password."""
    accounts.add_user(
        engine, args.name, args.role, read_password(args.password_stdin), cli_actor(), CLI_SOURCE
    )
    print(f"added {args.name} as {args.role}")


def set_role(engine: Any, args: argparse.Namespace) -> None:
    """Change a user's role; their sessions end."""
    accounts.set_role(engine, args.name, args.role, cli_actor(), CLI_SOURCE)
    print(f"{args.name} is now {args.role}; their sessions have ended")


def disable(engine: Any, args: argparse.Namespace) -> None:
    """Disable a user; their sessions end."""
    accounts.set_disabled(engine, args.name, True, cli_actor(), CLI_SOURCE)
    print(f"{args.name} is disabled; their sessions have ended")


def enable(engine: Any, args: argparse.Namespace) -> None:
    """Enable a disabled user again."""
    accounts.set_disabled(engine, args.name, False, cli_actor(), CLI_SOURCE)
    print(f"{args.name} is enabled")


def password(engine: Any, args: argparse.Namespace) -> None:
    """Set a user's password; their sessions end."""
    accounts.set_password(
        engine, args.name, read_password(args.password_stdin), cli_actor(), CLI_SOURCE
    )
    print(f"password of {args.name} changed; their sessions have ended")


def list_users(engine: Any, _args: argparse.Namespace) -> None:
    """Print every user."""
    users = accounts.list_users(engine)
    for row in users.itertuples():
        state = "disabled" if row.disabled else "active"
        print(f"{row.name:24} {row.role:9} {state:9} created {row.created_at:%Y-%m-%d %H:%M}")
    if users.empty:
        print("no users yet")


def add_parser(subs: Any) -> None:
    """Add `users` and its sub-commands."""
    users = subs.add_parser("users", help="manage user accounts")
    users.set_defaults(handler=run)
    actions = users.add_subparsers(dest="users_command", required=True)
    for name, func, help_text in (
        ("add", add, "add a user"),
        ("set-role", set_role, "change a user's role (ends their sessions)"),
        ("disable", disable, "disable a user (ends their sessions)"),
        ("enable", enable, "enable a disabled user"),
        ("password", password, "set a user's password (ends their sessions)"),
        ("list", list_users, "list users"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.set_defaults(users_action=func)
        if name != "list":
            action.add_argument("name")
        if name == "add":
            action.add_argument("--role", required=True, choices=ROLES)
        if name == "set-role":
            action.add_argument("role", choices=ROLES)
        if name in ("add", "password"):
            action.add_argument(
                "--password-stdin", action="store_true", help="read the password from stdin"
            )

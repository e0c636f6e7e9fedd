"""`headsup kiosk`: create and revoke read-only tokens for wall displays."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pandas as pd

from dashboard.commands.users import cli_actor, open_engine
from dashboard.config import Config
from dashboard.security.accounts import AccountError
from dashboard.security.audit import CLI_SOURCE
from dashboard.security.kiosks import create_kiosk, list_kiosks, revoke_kiosk


def wall_link(config: Config, token: str, seen_at: str = "") -> str:
    """Return the link that turns a browser into this kiosk's wall display.

    `seen_at` is the address the admin's browser used, for when no public URL is set.
    """
    base = config.public_url or seen_at or f"http://{config.host}:{config.port}"
    return f"{base.rstrip('/')}/wall?token={token}"


def run(args: argparse.Namespace) -> int:
    """Do one kiosk sub-command; report a refused change in one line."""
    try:
        args.kiosk_action(open_engine(), args)
    except AccountError as exc:
        print(f"headsup kiosk: {exc}", file=sys.stderr)
        return 1
    return 0


def create(engine: Any, args: argparse.Namespace) -> None:
    """Create a kiosk token and print its link, the only time the token is shown."""
    token = create_kiosk(
        engine, args.name, args.cities or [], cli_actor(), CLI_SOURCE, rotate_s=args.rotate
    )
    print(wall_link(Config.from_env(), token))


def revoke(engine: Any, args: argparse.Namespace) -> None:
    """Revoke a kiosk token; walls using it sign out at their next tick."""
    revoke_kiosk(engine, args.name, cli_actor(), CLI_SOURCE)
    print(f"kiosk {args.name} revoked")


def list_all(engine: Any, _args: argparse.Namespace) -> None:
    """Print every kiosk."""
    for row in list_kiosks(engine).itertuples():
        state = "revoked" if row.revoked_at is not None else "active"
        rotate = f" rotate {int(row.rotate_s)} s" if pd.notna(row.rotate_s) else ""
        print(f"{row.name:24} {state:8} cities {row.cities}{rotate}")


def add_parser(subs: Any) -> None:
    """Add `kiosk` and its sub-commands."""
    kiosk = subs.add_parser("kiosk", help="manage wall-display tokens")
    kiosk.set_defaults(handler=run)
    actions = kiosk.add_subparsers(dest="kiosk_command", required=True)
    made = actions.add_parser("create", help="create a token and print its /wall link")
    made.add_argument("name")
    made.add_argument("--cities", nargs="*", help="city ids the wall shows (default: all)")
    made.add_argument(
        "--rotate",
        type=int,
        metavar="SECONDS",
        help="show one city at a time, each this many seconds; a city with an alarm holds "
        "the wall until it clears (default: all cities at once)",
    )
    made.set_defaults(kiosk_action=create)
    gone = actions.add_parser("revoke", help="revoke a token and end its sessions")
    gone.add_argument("name")
    gone.set_defaults(kiosk_action=revoke)
    actions.add_parser("list", help="list kiosks").set_defaults(kiosk_action=list_all)

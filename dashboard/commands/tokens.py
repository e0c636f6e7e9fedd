"""`headsup tokens create|revoke|list`: API bearer tokens, printed once and stored hashed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dashboard.config import Config
from dashboard.store import Store
from dashboard.store.tokens import TokenError, create_token, list_tokens, revoke_token


def _store() -> Store:
    return Store.open(Config.from_env().database_url)


def create(args: argparse.Namespace) -> int:
    """Create a token and print it; it cannot be shown again."""
    sources = [s for s in (args.sources or "").split(",") if s.strip()]
    try:
        secret = create_token(_store().engine, args.name, sources, admin=args.admin)
    except TokenError as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 1
    print(secret)
    print(f"token {args.name!r} created; store it now, it is not shown again", file=sys.stderr)
    return 0


def revoke(args: argparse.Namespace) -> int:
    """Revoke a token by name."""
    try:
        revoke_token(_store().engine, args.name)
    except TokenError as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 1
    print(f"token {args.name!r} revoked")
    return 0


def show(_args: argparse.Namespace) -> int:
    """List tokens with their scopes; secrets are never shown."""
    for token in list_tokens(_store().engine):
        state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
        role = " admin" if token.admin else ""
        print(f"{token.name}\t{','.join(sorted(token.sources)) or '-'}{role}\t{state}")
    return 0


def add_parser(subs: Any) -> None:
    """Add `tokens` with its create, revoke and list actions."""
    tokens = subs.add_parser("tokens", help="create, revoke or list API tokens")
    actions = tokens.add_subparsers(dest="action", required=True)
    made = actions.add_parser("create", help="create a token and print it once")
    made.add_argument("--name", required=True, help="who the token is for, e.g. lapd-cad")
    made.add_argument("--sources", default="", help="comma-separated sources it may write")
    made.add_argument("--admin", action="store_true", help="may also add agencies")
    made.set_defaults(handler=create)
    gone = actions.add_parser("revoke", help="revoke a token by name")
    gone.add_argument("name")
    gone.set_defaults(handler=revoke)
    actions.add_parser("list", help="list tokens (never their secrets)").set_defaults(handler=show)

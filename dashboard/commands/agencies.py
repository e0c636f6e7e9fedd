"""`headsup agencies`: which agencies belong to which city (their 'local' agencies)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dashboard.commands.users import cli_actor
from dashboard.config import Config
from dashboard.store import Store
from dashboard.store.members import UnknownReference, assign, members_frame, unassign


def assign_agency(args: argparse.Namespace) -> int:
    """Make an agency belong to a city; its earlier incidents now expect it too."""
    store = Store.open(Config.from_env().database_url)
    try:
        added = assign(store.engine, args.city, args.agency, author=cli_actor())
    except UnknownReference as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 2
    print(f"{args.agency} {'now belongs' if added else 'already belonged'} to {args.city}")
    return 0


def unassign_agency(args: argparse.Namespace) -> int:
    """Remove an agency from a city."""
    store = Store.open(Config.from_env().database_url)
    removed = unassign(store.engine, args.city, args.agency, author=cli_actor())
    print(f"{args.agency} {'removed from' if removed else 'did not belong to'} {args.city}")
    return 0


def list_members(_args: argparse.Namespace) -> int:
    """Print every city with its agencies."""
    store = Store.open(Config.from_env().database_url)
    with store.engine.connect() as conn:
        members = members_frame(conn)
    for city, rows in members.groupby("jurisdiction_id"):
        print(f"{city}: {', '.join(rows['agency_id'])}")
    return 0


def add_parser(subs: Any) -> None:
    """Add `agencies assign|unassign|list`."""
    agencies = subs.add_parser("agencies", help="which agencies belong to which city")
    actions = agencies.add_subparsers(dest="action", required=True)
    for name, handler, help_text in (
        ("assign", assign_agency, "make AGENCY one of CITY's local agencies"),
        ("unassign", unassign_agency, "remove AGENCY from CITY's local agencies"),
    ):
        sub = actions.add_parser(name, help=help_text)
        sub.add_argument("city", help="jurisdiction id, e.g. los-angeles")
        sub.add_argument("agency", help="agency id, e.g. lasd")
        sub.set_defaults(handler=handler)
    actions.add_parser("list", help="list every city's agencies").set_defaults(handler=list_members)

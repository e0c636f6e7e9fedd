"""`headsup migrate` and `headsup rebuild`: look after the event store."""

from __future__ import annotations

import argparse
from typing import Any

from dashboard.config import Config
from dashboard.store import Store
from dashboard.store.migrate import current_revision
from dashboard.store.projection import rebuild as rebuild_projection


def migrate(_args: argparse.Namespace) -> int:
    """Upgrade the database named by DATABASE_URL to the newest schema."""
    store = Store.open(Config.from_env().database_url)
    print(f"schema at revision {current_revision(store.engine)}")
    return 0


def rebuild(_args: argparse.Namespace) -> int:
    """Rebuild the projection by replaying the whole event log."""
    store = Store.open(Config.from_env().database_url)
    print(f"replayed {rebuild_projection(store.engine)} events")
    return 0


def add_parser(subs: Any) -> None:
    """Add `migrate` and `rebuild`."""
    subs.add_parser("migrate", help="upgrade the database schema in place").set_defaults(
        handler=migrate
    )
    subs.add_parser("rebuild", help="rebuild the projection from the event log").set_defaults(
        handler=rebuild
    )

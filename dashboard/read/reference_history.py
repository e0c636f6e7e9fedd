"""The reference data as it stood at a past time, rebuilt from `reference_changes`.

Each change row holds the whole entity before and after it (a jurisdiction row; an
agency with the list of jurisdictions it is local to), not a diff, so nothing is
replayed in a chain: an entity's state at T is the `before` of its first change after T
(None: it did not exist yet), and an entity no change after T touched stands as it is
now. Starting from the current tables means rows from before the history was kept
(databases older than migration 0006) count as having always been there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from dashboard.store.schema import agencies, jurisdictions, reference_changes

Rows = tuple[tuple[Any, ...], ...]
AGENCY_COLUMNS = [c.name for c in agencies.columns]
CITY_COLUMNS = [c.name for c in jurisdictions.columns]


@dataclass(frozen=True)
class Change:
    """One recorded reference change, without its before and after."""

    changed_at: datetime
    author: str
    what: str


def changes_after(conn: Connection, at: datetime) -> int:
    """Return how many reference changes were made after `at`.

    Changes are only appended, so for one current version this count names the set of
    changes to undo: two times with the same count have the same reference.
    """
    stmt = select(func.count()).select_from(reference_changes)
    return int(conn.execute(stmt.where(reference_changes.c.changed_at > at)).scalar_one())


def changes_since(conn: Connection, at: datetime, whats: set[str]) -> list[Change]:
    """Return the changes to the named entities ("agency:lapd") made after `at`, oldest first."""
    if not whats:
        return []
    rc = reference_changes.c
    stmt = (
        select(rc.changed_at, rc.author, rc.what)
        .where(rc.changed_at > at, rc.what.in_(sorted(whats)))
        .order_by(rc.changed_at, rc.id)
    )
    return [Change(*row) for row in conn.execute(stmt)]


def rows_as_of(
    conn: Connection, rows: tuple[Rows, Rows, Rows], at: datetime
) -> tuple[Rows, Rows, Rows]:
    """Return the current `rows` (agencies, cities, members) as they stood at `at`."""
    rc = reference_changes.c
    stmt = (
        select(rc.what, rc.changed_at, rc.before)
        .where(rc.changed_at > at)
        .order_by(rc.changed_at, rc.id)
    )
    first: dict[str, tuple[datetime, str | None]] = {}
    for what, changed_at, before in conn.execute(stmt):
        first.setdefault(what, (changed_at, before))
    agency_rows, city_rows, member_rows = rows
    by_agency = {r[0]: r for r in agency_rows}
    by_city = {r[0]: r for r in city_rows}
    members = {(r[0], r[1]): r for r in member_rows}
    for what, (changed_at, before) in first.items():
        kind, _, key = what.partition(":")
        state = json.loads(before) if before else None
        if kind == "jurisdiction":
            _restore(by_city, key, state, CITY_COLUMNS)
        elif kind == "agency":
            _restore_agency(by_agency, members, key, state, changed_at)
    return (_sorted(by_agency), _sorted(by_city), _sorted(members))


def _restore(
    table: dict[Any, tuple[Any, ...]], key: str, state: dict[str, Any] | None, columns: list[str]
) -> None:
    """Put the entity's row back as `state` holds it, or take it out when it did not exist."""
    if state is None:
        table.pop(key, None)
    else:
        table[key] = tuple(state.get(c) for c in columns)


def _restore_agency(
    by_agency: dict[Any, tuple[Any, ...]],
    members: dict[Any, tuple[Any, ...]],
    key: str,
    state: dict[str, Any] | None,
    changed_at: datetime,
) -> None:
    """Put an agency and its memberships back as `state` holds them."""
    places = None if state is None else state.get("jurisdictions")
    if state is not None and places is not None:  # the shape writes.stored_agency gives
        state = state | {"jurisdiction_id": places[0] if places else None, "local": bool(places)}
    _restore(by_agency, key, state, AGENCY_COLUMNS)
    if state is not None and places is None:
        return  # an older record without the list: its memberships are left as they are
    had = {jid: row for (jid, aid), row in members.items() if aid == key}
    for jid in had:
        del members[(jid, key)]
    for jid in places or []:
        # When it joined is not in the record; the row keeps a time, not a claim.
        members[(jid, key)] = had.get(jid, (jid, key, changed_at))


def _sorted(table: dict[Any, tuple[Any, ...]]) -> Rows:
    """Return the rows in key order, as `read_rows` reads them."""
    return tuple(table[k] for k in sorted(table))

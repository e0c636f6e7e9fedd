"""Write reference rows in one transaction, recording each real change with its author.

A row equal to the stored one is not written and not recorded: importing the same file
twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from dashboard.reference.model import JURISDICTION_FIELDS
from dashboard.store.schema import (
    agencies,
    jurisdiction_agencies,
    jurisdictions,
    reference_changes,
)

Row = dict[str, Any]


@dataclass
class Changes:
    """How many rows an import added, changed or left as they were."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    what: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        """Return the counts."""
        return {"added": self.added, "changed": self.changed, "unchanged": self.unchanged}


def stored_jurisdiction(conn: Connection, jurisdiction_id: str) -> Row | None:
    """Return the stored jurisdiction row, with the fields a file carries, or None."""
    row = conn.execute(select(jurisdictions).where(jurisdictions.c.id == jurisdiction_id)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    return {name: _plain(found[name]) for name in JURISDICTION_FIELDS}


def stored_agency(conn: Connection, agency_id: str) -> Row | None:
    """Return the stored agency with the list of jurisdictions it is local to, or None."""
    row = conn.execute(select(agencies).where(agencies.c.id == agency_id)).first()
    if row is None:
        return None
    places = conn.execute(
        select(jurisdiction_agencies.c.jurisdiction_id)
        .where(jurisdiction_agencies.c.agency_id == agency_id)
        .order_by(jurisdiction_agencies.c.added_at, jurisdiction_agencies.c.jurisdiction_id)
    ).scalars()
    listed = list(places)
    primary = row.jurisdiction_id
    if primary in listed:  # the agency's own jurisdiction first, as files list it
        listed = [primary, *[p for p in listed if p != primary]]
    return {"id": row.id, "name": row.name, "kind": row.kind, "jurisdictions": listed}


def put_jurisdictions(
    conn: Connection, rows: Iterable[Row], author: str, now: datetime | None = None
) -> Changes:
    """Insert or update jurisdictions; record each change."""
    changes = Changes()
    now = now or datetime.now(UTC)
    for row in rows:
        before = stored_jurisdiction(conn, row["id"])
        after = {name: _plain(row[name]) for name in JURISDICTION_FIELDS}
        if before == after:
            changes.unchanged += 1
            continue
        if before is None:
            conn.execute(insert(jurisdictions).values(**after))
            changes.added += 1
        else:
            conn.execute(
                update(jurisdictions).where(jurisdictions.c.id == row["id"]).values(**after)
            )
            changes.changed += 1
        record(conn, now, author, f"jurisdiction:{row['id']}", before, after)
        changes.what.append(f"jurisdiction:{row['id']}")
    return changes


def put_agencies(
    conn: Connection, rows: Iterable[Row], author: str, now: datetime | None = None
) -> Changes:
    """Insert or update agencies and set exactly the jurisdictions each is local to."""
    changes = Changes()
    now = now or datetime.now(UTC)
    for row in rows:
        before = stored_agency(conn, row["id"])
        after = {k: row[k] for k in ("id", "name", "kind")} | {
            "jurisdictions": list(row["jurisdictions"])
        }
        if before is not None and _same_agency(before, after):
            changes.unchanged += 1
            continue
        places = after["jurisdictions"]
        values = {
            "name": after["name"],
            "kind": after["kind"],
            "jurisdiction_id": places[0] if places else None,
            "local": bool(places),
        }
        if before is None:
            conn.execute(insert(agencies).values(id=row["id"], **values))
            changes.added += 1
        else:
            conn.execute(update(agencies).where(agencies.c.id == row["id"]).values(**values))
            changes.changed += 1
        _set_members(conn, row["id"], places, before["jurisdictions"] if before else [], now)
        record(conn, now, author, f"agency:{row['id']}", before, after)
        changes.what.append(f"agency:{row['id']}")
    return changes


def _same_agency(before: Row, after: Row) -> bool:
    if {k: before[k] for k in ("id", "name", "kind")} != {
        k: after[k] for k in ("id", "name", "kind")
    }:
        return False
    old, new = before["jurisdictions"], after["jurisdictions"]
    return set(old) == set(new) and (old[:1] == new[:1])


def _set_members(
    conn: Connection, agency_id: str, places: list[str], had: list[str], now: datetime
) -> None:
    """Keep memberships still listed (and their added_at); add new ones, drop the rest."""
    gone = [p for p in had if p not in places]
    if gone:
        conn.execute(
            delete(jurisdiction_agencies).where(
                jurisdiction_agencies.c.agency_id == agency_id,
                jurisdiction_agencies.c.jurisdiction_id.in_(gone),
            )
        )
    for place in places:
        if place not in had:
            conn.execute(
                insert(jurisdiction_agencies).values(
                    jurisdiction_id=place, agency_id=agency_id, added_at=now
                )
            )


def record(
    conn: Connection, now: datetime, author: str, what: str, before: Row | None, after: Row | None
) -> None:
    conn.execute(
        insert(reference_changes).values(
            changed_at=now,
            author=author[:128],
            what=what[:160],
            before=None if before is None else json.dumps(before, sort_keys=True),
            after=None if after is None else json.dumps(after, sort_keys=True),
        )
    )


def _plain(value: Any) -> Any:
    """Return a value as it compares across the database and a file (bool, float, str)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value

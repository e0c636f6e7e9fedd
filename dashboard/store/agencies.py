"""Writes of reference data: adding an agency, in one transaction through the writer lock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from dashboard.reference.writes import record, stored_agency
from dashboard.store.engine import write_transaction
from dashboard.store.schema import agencies, jurisdictions


class AgencyRefused(Exception):
    """The agency cannot be added: `reason` is "unknown_city" or "taken"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def add_agency(engine: Engine, row: dict[str, Any], author: str = "") -> None:
    """Insert one agency row, refusing an unknown city or an id already taken; record it."""
    with write_transaction(engine) as conn:
        city = row.get("jurisdiction_id")
        if (
            city is not None
            and not conn.execute(
                select(jurisdictions.c.id).where(jurisdictions.c.id == city)
            ).first()
        ):
            raise AgencyRefused("unknown_city")
        if conn.execute(select(agencies.c.id).where(agencies.c.id == row["id"])).first():
            raise AgencyRefused("taken")
        conn.execute(insert(agencies).values(**row))
        # The shape every other agency change records, so replay reads one shape.
        after = stored_agency(conn, row["id"])
        record(conn, datetime.now(UTC), author or "unknown", f"agency:{row['id']}", None, after)

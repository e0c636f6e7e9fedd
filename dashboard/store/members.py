"""Which agencies belong to which city: assign, unassign and read the membership."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

from dashboard.reference.writes import record, stored_agency
from dashboard.store.engine import write_transaction
from dashboard.store.queries import frame
from dashboard.store.schema import agencies, jurisdiction_agencies, jurisdictions

MEMBER_COLUMNS = ["jurisdiction_id", "agency_id", "added_at"]


class UnknownReference(ValueError):
    """A city or agency named on the command line does not exist."""


def members_frame(conn: Connection) -> pd.DataFrame:
    """Return every (city, agency) membership."""
    stmt = select(jurisdiction_agencies).order_by(
        jurisdiction_agencies.c.jurisdiction_id, jurisdiction_agencies.c.agency_id
    )
    df = frame(conn, stmt, MEMBER_COLUMNS)
    df["added_at"] = pd.to_datetime(df["added_at"], utc=True)
    return df


def assign(
    engine: Engine, city: str, agency: str, at: datetime | None = None, author: str = "cli"
) -> bool:
    """Make an agency belong to a city; return False when it already did. Recorded."""
    at = at or datetime.now(UTC)
    with write_transaction(engine) as conn:
        _check(conn, city, agency)
        exists = conn.execute(
            select(jurisdiction_agencies.c.agency_id).where(
                jurisdiction_agencies.c.jurisdiction_id == city,
                jurisdiction_agencies.c.agency_id == agency,
            )
        ).first()
        if exists is not None:
            return False
        before = stored_agency(conn, agency)
        conn.execute(
            jurisdiction_agencies.insert().values(
                jurisdiction_id=city, agency_id=agency, added_at=at
            )
        )
        # Recorded like an import's change, so replay undoes it before `at`.
        record(conn, at, author, f"agency:{agency}", before, stored_agency(conn, agency))
        return True


def unassign(engine: Engine, city: str, agency: str, author: str = "cli") -> bool:
    """Remove an agency from a city; return False when it did not belong. Recorded."""
    with write_transaction(engine) as conn:
        before = stored_agency(conn, agency)
        gone = conn.execute(
            delete(jurisdiction_agencies).where(
                jurisdiction_agencies.c.jurisdiction_id == city,
                jurisdiction_agencies.c.agency_id == agency,
            )
        )
        if not gone.rowcount:
            return False
        after = stored_agency(conn, agency)
        record(conn, datetime.now(UTC), author, f"agency:{agency}", before, after)
        return True


def _check(conn: Connection, city: str, agency: str) -> None:
    if conn.execute(select(jurisdictions.c.id).where(jurisdictions.c.id == city)).first() is None:
        raise UnknownReference(f"unknown city {city!r}")
    if conn.execute(select(agencies.c.id).where(agencies.c.id == agency)).first() is None:
        raise UnknownReference(f"unknown agency {agency!r}")

"""Which agencies belong to which city: assign, unassign and read the membership."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

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


def assign(engine: Engine, city: str, agency: str, at: datetime | None = None) -> bool:
    """Make an agency belong to a city; return False when it already did."""
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
        conn.execute(
            jurisdiction_agencies.insert().values(
                jurisdiction_id=city, agency_id=agency, added_at=at or datetime.now(UTC)
            )
        )
        return True


def unassign(engine: Engine, city: str, agency: str) -> bool:
    """Remove an agency from a city; return False when it did not belong."""
    with write_transaction(engine) as conn:
        gone = conn.execute(
            delete(jurisdiction_agencies).where(
                jurisdiction_agencies.c.jurisdiction_id == city,
                jurisdiction_agencies.c.agency_id == agency,
            )
        )
        return bool(gone.rowcount)


def _check(conn: Connection, city: str, agency: str) -> None:
    if conn.execute(select(jurisdictions.c.id).where(jurisdictions.c.id == city)).first() is None:
        raise UnknownReference(f"unknown city {city!r}")
    if conn.execute(select(agencies.c.id).where(agencies.c.id == agency)).first() is None:
        raise UnknownReference(f"unknown agency {agency!r}")

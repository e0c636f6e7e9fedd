"""Reconstruct the picture at a past time T from the event log, as it happened or as known.

One code path serves both bases; they differ only in which time column selects the
events: `happened` keeps every event that occurred by T (the world as it was), `known`
every event received by T (what the command center saw then).

How: the selected events are read from the store in one parameterised query on an
indexed time column (`ix_events_occurred`, `ix_events_received`), then replayed in seq
order into a private in-memory SQLite database through the projection's own `project()`:
the very function the append path runs. So there is one copy of the projection rules
(incident fold, latest claim per source, corrections and `superseded_events`), and the
frames are read back with the same `queries` the live picture uses, so they have its
columns and dtypes. SQLite in memory costs microseconds per statement, so this is fast.

Two shortcuts keep the replay cheap without changing what it yields:
- the events are inserted in one batch before they are projected, and an incident is
  refolded once, at its last incident event: the fold reads all of the incident's
  events, ordered by when they happened, so earlier refolds would be overwritten anyway;
- an incident whose report is not among the selected events is left out with all its
  events: as it happened at T, an update stamped before its own report has no incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

import pandas as pd
from sqlalchemy import Connection, Engine, StaticPool, and_, create_engine, insert, select

from dashboard.domain import INCIDENT_EVENTS
from dashboard.rules.tracks import notified_agencies
from dashboard.store import queries
from dashboard.store.projection import project
from dashboard.store.schema import events, incidents, metadata, step_claims, superseded_events

Basis = Literal["happened", "known"]
BASES: tuple[str, ...] = get_args(Basis)
_REPLAY_TABLES = [events, incidents, step_claims, superseded_events]


@dataclass(frozen=True)
class HistoryPicture:
    """The incidents and step claims as they stood at `as_of` on the given basis."""

    as_of: datetime
    basis: Basis
    incidents: pd.DataFrame
    claims: pd.DataFrame


def basis_column(basis: str) -> Any:
    """Return the events column that decides whether an event belongs to the picture."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    return events.c.occurred_at if basis == "happened" else events.c.received_at


def picture_at(
    engine: Engine,
    as_of: datetime,
    basis: Basis = "known",
    *,
    since: datetime | None = None,
) -> HistoryPicture:
    """Return the picture at `as_of`; with `since`, only incidents with an event since then."""
    if as_of.tzinfo is None or (since is not None and since.tzinfo is None):
        raise ValueError("as_of and since must be timezone-aware")
    with engine.connect() as conn:
        rows = history_events(conn, as_of, basis, since)
    incidents_df, claims_df = replay(rows)
    return HistoryPicture(as_of, basis, incidents_df, claims_df)


def history_events(
    conn: Connection, as_of: datetime, basis: str, since: datetime | None = None
) -> list[dict[str, Any]]:
    """Return the stored event rows of the picture at `as_of`, in seq order."""
    when = basis_column(basis)
    known = when <= as_of
    reported = select(events.c.incident_id).where(known, events.c.type == "incident.reported")
    stmt = (
        select(events)
        .where(known, events.c.incident_id.in_(reported.scalar_subquery()))
        .order_by(events.c.seq)
    )
    if since is not None:
        touched = select(events.c.incident_id).where(and_(when >= since, known))
        stmt = stmt.where(events.c.incident_id.in_(touched.scalar_subquery()))
    return [dict(row) for row in conn.execute(stmt).mappings()]


def replay(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Project event rows (seq order) in memory; return incidents and claims as the picture does."""
    memory = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with memory.begin() as conn:
            metadata.create_all(conn, tables=_REPLAY_TABLES)
            if rows:
                conn.execute(insert(events), rows)
            for row in _to_project(rows):
                project(conn, row)
            incidents_df = queries.incidents_frame(conn)
            claims_df = queries.claims_frame(conn)
    finally:
        memory.dispose()
    notified = notified_agencies(claims_df)
    incidents_df["notified"] = [notified.get(i, []) for i in incidents_df["id"]]
    return incidents_df.set_index("id", drop=False), claims_df


def _to_project(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep every tracking event and only each incident's last incident event (see above)."""
    last_fold = {r["incident_id"]: r["seq"] for r in rows if r["type"] in INCIDENT_EVENTS}
    return [
        r
        for r in rows
        if r["type"] not in INCIDENT_EVENTS or last_fold[r["incident_id"]] == r["seq"]
    ]

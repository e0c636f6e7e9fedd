"""Reconstruct the picture at a past time T from the event log, as it happened or as known.

One code path serves both bases; they differ only in which time column selects the
events: `happened` keeps every event that occurred by T (the world as it was), `known`
every event received by T (what the command center saw then).

How: the selected events are read from the store in one parameterised query on an
indexed time column (`ix_events_occurred`, `ix_events_received`), then replayed in seq
order through `project_into` of store/projection.py: the very rules the append path runs
(incident fold, each source's latest claim per step, corrections and retractions), here
writing into a `MemoryTarget` of plain dicts instead of the SQL tables. So there is one
copy of the projection rules; only the storage differs, and the frames are made by the
same `queries.rows_frame` as the live picture's, so they have its columns and dtypes.

Why not replay into an in-memory SQLite through the SQL target: it was measured, and cost
about 1.8 ms an event on the shared CI machine (statements, not rules), so 10,000 events
took 18 s; dicts take a fraction of that (benchmarks/bench_history.py).

Each incident is folded once, after the replay, from all its selected events: the fold
reads all of an incident's events ordered by when they happened, so folding at every
incident event as the append path does would be overwritten anyway. An incident whose
report is not among the selected events is left out with all its events: as it
happened at T, an update stamped before its own report has no incident yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

import pandas as pd
from sqlalchemy import Connection, Engine, and_, select

from dashboard.domain import INCIDENT_EVENTS
from dashboard.rules.tracks import notified_agencies
from dashboard.store import queries
from dashboard.store.projection import fold_incident, project_into
from dashboard.store.schema import events

Basis = Literal["happened", "known"]
BASES: tuple[str, ...] = get_args(Basis)


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
    target = MemoryTarget(rows)
    for row in rows:
        project_into(target, row)
    incidents_df = queries.rows_frame(target.incident_rows(), queries.INCIDENT_COLUMNS)
    claims_df = queries.rows_frame(target.claim_rows(), queries.CLAIM_COLUMNS)
    notified = notified_agencies(claims_df)
    incidents_df["notified"] = [notified.get(i, []) for i in incidents_df["id"]]
    return incidents_df.set_index("id", drop=False), claims_df


class MemoryTarget:
    """The projection's tables as dicts, for one replay (see store/projection.py)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows_of: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            self.rows_of.setdefault(row["incident_id"], []).append(row)
        self.folded: set[str] = set()
        self.superseded: set[tuple[str, str]] = set()
        self.claims: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.claim_of_event: dict[tuple[str, str], tuple[str, str, str, str]] = {}

    def refold(self, incident_id: str) -> None:
        """Fold the incident once, at the end, from all its events (see the module doc)."""
        self.folded.add(incident_id)

    def supersede(self, row: dict[str, Any], old_event_id: str) -> None:
        """Remember the correction; drop the source's claim if it is still that event's."""
        old = (row["source"], old_event_id)
        self.superseded.add(old)
        key = self.claim_of_event.pop(old, None)
        standing = self.claims.get(key) if key is not None else None
        if key is not None and standing is not None and standing["event_id"] == old_event_id:
            del self.claims[key]

    def is_superseded(self, row: dict[str, Any]) -> bool:
        """Tell whether a correction of this event came before it."""
        return (row["source"], row["event_id"]) in self.superseded

    def record_claim(self, claim: dict[str, Any]) -> None:
        """Keep the claim as its source's latest for the step."""
        key = (claim["incident_id"], claim["agency_id"], claim["step"], claim["source"])
        self.claims[key] = claim
        self.claim_of_event[(claim["source"], claim["event_id"])] = key

    def touch(self, row: dict[str, Any]) -> None:
        """Nothing to do now: the last seq and time are taken over all events at the end."""

    def incident_rows(self) -> list[tuple[Any, ...]]:
        """Return the folded incidents as rows in INCIDENT_COLUMNS order, by first seq."""
        found = []
        for incident_id in self.folded:
            mine = self.rows_of[incident_id]
            history = sorted(
                (r for r in mine if r["type"] in INCIDENT_EVENTS),
                key=lambda r: (r["occurred_at"], r["source"], r["event_id"]),
            )
            fields = fold_incident((r["type"], r["occurred_at"], r["payload"]) for r in history)
            values = {
                "id": incident_id,
                **fields,
                "lat": float(fields["lat"]),
                "lon": float(fields["lon"]),
                "updated_at": max(r["occurred_at"] for r in mine),
                "first_seq": min(r["seq"] for r in mine),
                "last_seq": max(r["seq"] for r in mine),
            }
            found.append(tuple(values[c] for c in queries.INCIDENT_COLUMNS))
        first_seq = queries.INCIDENT_COLUMNS.index("first_seq")
        return sorted(found, key=lambda r: r[first_seq])

    def claim_rows(self) -> list[tuple[Any, ...]]:
        """Return the standing claims as rows in CLAIM_COLUMNS order, by seq."""
        ordered = sorted(self.claims.values(), key=lambda c: c["seq"])
        return [tuple(c[name] for name in queries.CLAIM_COLUMNS) for c in ordered]

"""Project events onto the incidents and step_claims tables, inside the append transaction.

The rules are here, once: `project_into` decides what an event does, `store/fold.py` folds
an incident's fields (owned by the reporting source) and finds the retractions in force.
A target only stores: `SqlTarget` (store/sql_target.py) writes the tables in the append or
rebuild transaction, `MemoryTarget` (read/history.py) replays history into dicts.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, delete, select

from dashboard.domain import INCIDENT_EVENTS, RETRACTION, STEP_BY_EVENT
from dashboard.store.engine import write_transaction
from dashboard.store.fold import INCIDENT_FIELDS
from dashboard.store.schema import PROJECTION_TABLES, events
from dashboard.store.sql_target import BatchSqlTarget, SqlTarget, upsert

__all__ = [
    "INCIDENT_FIELDS",
    "claim_values",
    "project",
    "project_batch",
    "project_into",
    "rebuild",
    "upsert",
]


class ProjectionTarget(Protocol):
    """Where the projection rules write: the SQL tables, or memory (read/history.py)."""

    def refold(self, incident_id: str) -> None:
        """Recompute the incident's fields from its incident events in force."""

    def reproject(self, incident_id: str) -> None:
        """Recompute the incident as if its retracted events were absent."""

    def supersede(self, row: dict[str, Any], old_event_id: str) -> None:
        """Remember the correction and drop the corrected claim of the same source."""

    def is_superseded(self, row: dict[str, Any]) -> bool:
        """Tell whether a correction of this event was stored before it arrived."""

    def record_claim(self, claim: dict[str, Any]) -> None:
        """Keep this claim as its source's latest for the step (replacing the previous)."""

    def touch(self, row: dict[str, Any]) -> None:
        """Move the incident's last seq and last-event time forward to this event's."""


def project(conn: Connection, row: dict[str, Any]) -> None:
    """Apply one stored event row to the projection tables."""
    project_into(SqlTarget(conn, project), row)


def project_into(target: ProjectionTarget, row: dict[str, Any]) -> None:
    """Apply one event row, in seq order, to a projection target: the one set of rules."""
    if row["type"] in INCIDENT_EVENTS:
        target.refold(row["incident_id"])
        return
    if row["type"] == RETRACTION:
        target.reproject(row["incident_id"])
        return
    data = json.loads(row["payload"]).get("data") or {}
    if isinstance(data.get("supersedes"), str):
        # Only a source's own events can be superseded: one source never erases another's.
        target.supersede(row, data["supersedes"])
    step = STEP_BY_EVENT.get(row["type"])
    if step is not None and not data.get("retract") and not target.is_superseded(row):
        target.record_claim(claim_values(row, step, data))
    target.touch(row)


def claim_values(row: dict[str, Any], step: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return the step claim an event makes: each source keeps its latest per step."""
    channel = data.get("channel")
    return {
        "incident_id": row["incident_id"],
        "agency_id": row["agency_id"],
        "step": step,
        "source": row["source"],
        "occurred_at": row["occurred_at"],
        "seq": row["seq"],
        "event_id": row["event_id"],
        "channel": str(channel)[:64] if channel is not None else None,
    }


def rebuild(engine: Engine, batch_size: int = 5000) -> int:
    """Empty the projection and replay the whole log in seq order; return events replayed."""
    count = 0
    with write_transaction(engine) as conn:
        for table in PROJECTION_TABLES:
            conn.execute(delete(table))
        after = 0
        while True:
            batch = (
                conn.execute(
                    select(events)
                    .where(events.c.seq > after)
                    .order_by(events.c.seq)
                    .limit(batch_size)
                )
                .mappings()
                .all()
            )
            if not batch:
                return count
            for row in batch:
                project(conn, dict(row))
            count += len(batch)
            after = batch[-1]["seq"]


def project_batch(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Apply stored event rows, in seq order, with the same rules as `project`, batched.

    Every row is stored before this runs. A retraction recomputes whole incidents from
    the log mid-batch, so a batch holding one is projected event by event.
    """
    if any(row["type"] == RETRACTION for row in rows):
        for row in rows:
            project(conn, row)
        return
    target = BatchSqlTarget(conn, project, rows)
    for row in rows:
        project_into(target, row)
    target.flush()

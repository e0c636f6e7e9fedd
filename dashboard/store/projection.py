"""Project events onto the incidents and step_claims tables, inside the append transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from dashboard.domain import INCIDENT_EVENTS, STEP_BY_EVENT
from dashboard.store.engine import write_transaction
from dashboard.store.schema import (
    PROJECTION_TABLES,
    UtcDateTime,
    events,
    incidents,
    step_claims,
    superseded_events,
)

INCIDENT_FIELDS = (
    "kind",
    "status",
    "title",
    "lat",
    "lon",
    "city",
    "address",
    "started_at",
    "crowd_size",
)


# Statements are built once and executed with parameters: building SQLAlchemy
# constructs per event cost more than SQLite's own work on the hot append path.
# A tracking event moves the incident's `updated_at` too: the list's "updated" and the
# live window follow the last thing that happened to an incident, not only its reports.
_OCCURRED = bindparam("occurred", type_=UtcDateTime())
_BUMP_LAST_SEQ = (
    update(incidents)
    .where(incidents.c.id == bindparam("incident"), incidents.c.last_seq < bindparam("new_seq"))
    .values(
        last_seq=bindparam("new_seq"),
        updated_at=case(
            (incidents.c.updated_at < _OCCURRED, _OCCURRED), else_=incidents.c.updated_at
        ),
    )
)
_LAST_OCCURRED = select(func.max(events.c.occurred_at)).where(
    events.c.incident_id == bindparam("incident")
)
_INCIDENT_EVENTS = (
    select(events.c.type, events.c.occurred_at, events.c.payload)
    .where(events.c.incident_id == bindparam("incident"), events.c.type.in_(INCIDENT_EVENTS))
    .order_by(events.c.occurred_at, events.c.source, events.c.event_id)
)
_SEQ_RANGE = select(func.min(events.c.seq), func.max(events.c.seq)).where(
    events.c.incident_id == bindparam("incident")
)


@lru_cache(maxsize=64)
def _upsert_statement(dialect: str, table: Table, columns: tuple[str, ...],
                      keys: tuple[str, ...]) -> Any:  # fmt: skip
    stmt = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    changes = {name: stmt.excluded[name] for name in columns if name not in keys}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=changes)


def upsert(conn: Connection, table: Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row, or update every non-key column of the row with the same keys."""
    stmt = _upsert_statement(conn.dialect.name, table, tuple(values), tuple(keys))
    conn.execute(stmt, values)


class ProjectionTarget(Protocol):
    """Where the projection rules write: the SQL tables, or memory (read/history.py).

    A target only stores; every decision is in `project_into` and the pure helpers
    below, so the live projection and a replay of history follow one copy of the rules.
    """

    def refold(self, incident_id: str) -> None:
        """Recompute the incident from all its events (see `fold_incident`)."""

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
    project_into(SqlTarget(conn), row)


def project_into(target: ProjectionTarget, row: dict[str, Any]) -> None:
    """Apply one event row, in seq order, to a projection target: the one set of rules."""
    if row["type"] in INCIDENT_EVENTS:
        target.refold(row["incident_id"])
        return
    data = json.loads(row["payload"]).get("data") or {}
    if isinstance(data.get("supersedes"), str):
        # Only a source's own events can be superseded: one source never erases another's.
        target.supersede(row, data["supersedes"])
    step = STEP_BY_EVENT.get(row["type"])
    if step is not None and not data.get("retract") and not target.is_superseded(row):
        target.record_claim(claim_values(row, step, data))
    target.touch(row)


def fold_incident(rows: Iterable[tuple[str, datetime, str]]) -> dict[str, Any]:
    """Fold an incident's (type, occurred_at, payload) rows into its fields.

    The rows must be ordered by (occurred_at, source, event_id) rather than arrival: then
    the result is the same whatever order late or resent events arrived in.
    """
    state: dict[str, Any] = {
        "status": "active",
        "address": None,
        "started_at": None,
        "crowd_size": None,
    }
    reported_at = None
    for event_type, occurred, payload in rows:
        reported_at = occurred if reported_at is None else reported_at
        fields = json.loads(payload).get("incident") or {}
        state.update({k: v for k, v in fields.items() if k in INCIDENT_FIELDS and v is not None})
        if event_type == "incident.closed":
            state["status"] = "closed"
    if isinstance(state["started_at"], str):
        state["started_at"] = datetime.fromisoformat(state["started_at"])
    return {**{k: state.get(k) for k in INCIDENT_FIELDS}, "reported_at": reported_at}


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


class SqlTarget:
    """The projection tables, written inside the append (or rebuild) transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def refold(self, incident_id: str) -> None:
        """Recompute an incident from all its incident events, ordered by when they happened."""
        conn = self.conn
        rows = conn.execute(_INCIDENT_EVENTS, {"incident": incident_id}).all()
        seqs = conn.execute(_SEQ_RANGE, {"incident": incident_id}).one()
        # Every event about the incident counts, tracking ones included (see _BUMP_LAST_SEQ).
        last_occurred = conn.execute(_LAST_OCCURRED, {"incident": incident_id}).scalar_one()
        values = {
            "id": incident_id,
            **fold_incident(rows),
            "updated_at": last_occurred,
            "first_seq": seqs[0],
            "last_seq": seqs[1],
        }
        upsert(conn, incidents, values, ["id"])

    def supersede(self, row: dict[str, Any], old_event_id: str) -> None:
        """Remember that this event corrects an earlier one of its source; drop that claim."""
        upsert(
            self.conn,
            superseded_events,
            {"source": row["source"], "event_id": old_event_id, "by_event_id": row["event_id"]},
            ["source", "event_id"],
        )
        self.conn.execute(
            delete(step_claims).where(
                step_claims.c.source == row["source"], step_claims.c.event_id == old_event_id
            )
        )

    def is_superseded(self, row: dict[str, Any]) -> bool:
        """Tell whether a correction of this event was stored before it arrived."""
        found = self.conn.execute(
            select(superseded_events.c.by_event_id).where(
                and_(
                    superseded_events.c.source == row["source"],
                    superseded_events.c.event_id == row["event_id"],
                )
            )
        ).first()
        return found is not None

    def record_claim(self, claim: dict[str, Any]) -> None:
        """Upsert the claim; other sources' claims of the step stay beside it."""
        upsert(self.conn, step_claims, claim, ["incident_id", "agency_id", "step", "source"])

    def touch(self, row: dict[str, Any]) -> None:
        """Bump the incident's last seq and, if later, its last-event time."""
        self.conn.execute(
            _BUMP_LAST_SEQ,
            {"incident": row["incident_id"], "new_seq": row["seq"], "occurred": row["occurred_at"]},
        )


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

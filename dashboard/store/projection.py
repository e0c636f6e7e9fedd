"""Project events onto the incidents and step_claims tables, inside the append transaction."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any

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
    tuple_,
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
_CHUNK = 500
_INCIDENT_EVENTS = (
    select(events.c.incident_id, events.c.type, events.c.occurred_at, events.c.payload)
    .where(
        events.c.incident_id.in_(bindparam("incidents", expanding=True)),
        events.c.type.in_(INCIDENT_EVENTS),
    )
    .order_by(events.c.incident_id, events.c.occurred_at, events.c.source, events.c.event_id)
)
_SPANS = (
    select(
        events.c.incident_id,
        func.min(events.c.seq).label("first_seq"),
        func.max(events.c.seq).label("last_seq"),
        func.max(events.c.occurred_at).label("last_occurred"),
    )
    .where(events.c.incident_id.in_(bindparam("incidents", expanding=True)))
    .group_by(events.c.incident_id)
)
_SUPERSEDED = select(superseded_events.c.source, superseded_events.c.event_id).where(
    tuple_(superseded_events.c.source, superseded_events.c.event_id).in_(
        bindparam("keys", expanding=True)
    )
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


def project(conn: Connection, row: dict[str, Any]) -> None:
    """Apply one stored event row to the projection."""
    if row["type"] in INCIDENT_EVENTS:
        _refold_incident(conn, row["incident_id"])
    else:
        data = json.loads(row["payload"]).get("data") or {}
        if isinstance(data.get("supersedes"), str):
            _supersede(conn, row, data["supersedes"])
        step = STEP_BY_EVENT.get(row["type"])
        if step is not None and not data.get("retract") and not _is_superseded(conn, row):
            _record_claim(conn, row, step)
        conn.execute(
            _BUMP_LAST_SEQ,
            {"incident": row["incident_id"], "new_seq": row["seq"], "occurred": row["occurred_at"]},
        )


def project_batch(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Apply stored event rows, in seq order, to the projection with few statements.

    The same rules as `project` event by event, grouped: each incident is refolded once
    (the fold reads all its events, so once after the batch equals once per event), the
    claims of consecutive events go in one executemany, and each incident's last seq is
    bumped once to its newest event.
    """
    refold = list(dict.fromkeys(r["incident_id"] for r in rows if r["type"] in INCIDENT_EVENTS))
    _refold_incidents(conn, refold)
    others = [r for r in rows if r["type"] not in INCIDENT_EVENTS]
    if not others:
        return
    keys = [(r["source"], r["event_id"]) for r in others]
    superseded = {tuple(k) for k in conn.execute(_SUPERSEDED, {"keys": keys})}
    claims: dict[tuple[str, ...], dict[str, Any]] = {}
    bumps: dict[str, dict[str, Any]] = {}
    for row in others:
        data = json.loads(row["payload"]).get("data") or {}
        if isinstance(data.get("supersedes"), str):
            _upsert_claims(conn, claims)
            _supersede(conn, row, data["supersedes"])
            superseded.add((row["source"], data["supersedes"]))
        step = STEP_BY_EVENT.get(row["type"])
        key = (row["source"], row["event_id"])
        if step is not None and not data.get("retract") and key not in superseded:
            claim = _claim(row, step, data)
            # Upserting a key twice leaves the later row: keep only that one.
            claims[tuple(claim[k] for k in _CLAIM_KEYS)] = claim
        bump = bumps.setdefault(row["incident_id"], {"incident": row["incident_id"]})
        bump["new_seq"] = row["seq"]
        bump["occurred"] = max(bump.get("occurred", row["occurred_at"]), row["occurred_at"])
    _upsert_claims(conn, claims)
    conn.execute(_BUMP_LAST_SEQ, list(bumps.values()))


def _refold_incident(conn: Connection, incident_id: str) -> None:
    """Recompute one incident from all its incident events (see `_refold_incidents`)."""
    _refold_incidents(conn, [incident_id])


def _refold_incidents(conn: Connection, incident_ids: list[str]) -> None:
    """Recompute incidents from all their incident events, ordered by when they happened.

    Ordering by (occurred_at, source, event_id) rather than arrival makes the result the
    same whatever order late or resent events arrived in. Two queries and one upsert
    per chunk of incidents, whatever the number of events.
    """
    for start in range(0, len(incident_ids), _CHUNK):
        chunk = incident_ids[start : start + _CHUNK]
        history: dict[str, list[Any]] = {i: [] for i in chunk}
        for row in conn.execute(_INCIDENT_EVENTS, {"incidents": chunk}):
            history[row.incident_id].append(row)
        # Every event about the incident counts, tracking ones included (see _BUMP_LAST_SEQ).
        spans = {row.incident_id: row for row in conn.execute(_SPANS, {"incidents": chunk})}
        values = [
            {
                "id": incident_id,
                **_fold(rows),
                "reported_at": rows[0].occurred_at,
                "updated_at": spans[incident_id].last_occurred,
                "first_seq": spans[incident_id].first_seq,
                "last_seq": spans[incident_id].last_seq,
            }
            for incident_id, rows in history.items()
        ]
        if values:
            stmt = _upsert_statement(conn.dialect.name, incidents, tuple(values[0]), ("id",))
            conn.execute(stmt, values)


def _fold(rows: list[Any]) -> dict[str, Any]:
    """Fold an incident's events, in the order they happened, into its fields."""
    state: dict[str, Any] = {
        "status": "active",
        "address": None,
        "started_at": None,
        "crowd_size": None,
    }
    for row in rows:
        fields = json.loads(row.payload).get("incident") or {}
        state.update({k: v for k, v in fields.items() if k in INCIDENT_FIELDS and v is not None})
        if row.type == "incident.closed":
            state["status"] = "closed"
    if isinstance(state["started_at"], str):
        state["started_at"] = datetime.fromisoformat(state["started_at"])
    return {k: state.get(k) for k in INCIDENT_FIELDS}


_CLAIM_KEYS = ("incident_id", "agency_id", "step", "source")


def _record_claim(conn: Connection, row: dict[str, Any], step: str) -> None:
    """Keep each source's latest claim for a step; other sources' claims stay beside it."""
    data = json.loads(row["payload"]).get("data") or {}
    upsert(conn, step_claims, _claim(row, step, data), list(_CLAIM_KEYS))


def _claim(row: dict[str, Any], step: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return the step_claims row an event claims."""
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


def _upsert_claims(conn: Connection, claims: dict[tuple[str, ...], dict[str, Any]]) -> None:
    """Upsert the pending claims in one executemany, then forget them."""
    if claims:
        rows = list(claims.values())
        stmt = _upsert_statement(conn.dialect.name, step_claims, tuple(rows[0]), _CLAIM_KEYS)
        conn.execute(stmt, rows)
        claims.clear()


def _supersede(conn: Connection, row: dict[str, Any], old_event_id: str) -> None:
    """Remember that this event corrects an earlier one of its source, and drop that claim.

    Only a source's own events can be superseded: one source never erases another's claim.
    """
    upsert(
        conn,
        superseded_events,
        {"source": row["source"], "event_id": old_event_id, "by_event_id": row["event_id"]},
        ["source", "event_id"],
    )
    conn.execute(
        delete(step_claims).where(
            step_claims.c.source == row["source"], step_claims.c.event_id == old_event_id
        )
    )


def _is_superseded(conn: Connection, row: dict[str, Any]) -> bool:
    """Tell whether a correction of this event was stored before it arrived."""
    found = conn.execute(
        select(superseded_events.c.by_event_id).where(
            and_(
                superseded_events.c.source == row["source"],
                superseded_events.c.event_id == row["event_id"],
            )
        )
    ).first()
    return found is not None


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

"""The projection tables as a projection target, written inside the append transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
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

from dashboard.domain import INCIDENT_EVENTS, RETRACTION
from dashboard.store.fold import INCIDENT_FIELDS, Folded, fold_incident, retractions_in_force
from dashboard.store.schema import (
    UtcDateTime,
    events,
    incidents,
    retracted_events,
    step_claims,
    superseded_events,
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
# A retracted event counts as absent: its fields, its time and its claims.
_NOT_RETRACTED = ~(
    select(retracted_events.c.source)
    .where(
        retracted_events.c.source == events.c.source,
        retracted_events.c.event_id == events.c.event_id,
    )
    .exists()
)
_LAST_OCCURRED = select(func.max(events.c.occurred_at)).where(
    events.c.incident_id == bindparam("incident"), _NOT_RETRACTED
)
_INCIDENT_EVENTS = (
    select(events.c.type, events.c.source, events.c.occurred_at, events.c.payload)
    .where(
        events.c.incident_id == bindparam("incident"),
        events.c.type.in_(INCIDENT_EVENTS),
        _NOT_RETRACTED,
    )
    .order_by(events.c.occurred_at, events.c.source, events.c.event_id)
)
_RETRACTIONS = (
    select(events.c.source, events.c.event_id, events.c.payload)
    .where(events.c.incident_id == bindparam("incident"), events.c.type == RETRACTION)
    .order_by(events.c.seq.desc())
)
_EVENT_IDS = select(events.c.source, events.c.event_id).where(
    events.c.incident_id == bindparam("incident")
)
_FORGET_SUPERSEDED = delete(superseded_events).where(
    superseded_events.c.source == bindparam("source"),
    superseded_events.c.by_event_id == bindparam("by"),
)
_ALL_EVENTS = (
    select(events)
    .where(events.c.incident_id == bindparam("incident"), _NOT_RETRACTED)
    .order_by(events.c.seq)
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


class SqlTarget:
    """The projection tables, written inside the append (or rebuild) transaction."""

    def __init__(self, conn: Connection, project: Callable[[Connection, dict[str, Any]], None]):
        self.conn = conn
        self.project = project  # to replay an incident's events after a retraction

    def refold(self, incident_id: str) -> None:
        """Recompute an incident from its incident events in force, ordered by when they happened.

        Ordering by (occurred_at, source, event_id) rather than arrival makes the result the
        same whatever order late or resent events arrived in. Fields follow the reporting
        source (see store/fold.py); with no report in force the incident leaves the picture.
        """
        conn = self.conn
        rows = conn.execute(_INCIDENT_EVENTS, {"incident": incident_id}).all()
        folded = fold_incident((r.type, r.source, json.loads(r.payload)) for r in rows)
        if folded is None:
            conn.execute(delete(step_claims).where(step_claims.c.incident_id == incident_id))
            conn.execute(delete(incidents).where(incidents.c.id == incident_id))
            return
        first_seq, last_seq = conn.execute(_SEQ_RANGE, {"incident": incident_id}).one()
        # Every event about the incident counts, tracking ones included (see _BUMP_LAST_SEQ).
        last_occurred = conn.execute(_LAST_OCCURRED, {"incident": incident_id}).scalar_one()
        span = _Span(first_seq, last_seq, last_occurred)
        values = _incident_values(incident_id, folded, rows[0].occurred_at, span)
        upsert(conn, incidents, values, ["id"])

    def reproject(self, incident_id: str) -> None:
        """Recompute one incident as if its retracted events were absent (after a retraction).

        The retractions in force are derived afresh, the incident's projection rows dropped,
        and its events in force replayed in seq order through the same rules as on arrival.
        """
        conn = self.conn
        found = retractions_in_force(
            (r.source, r.event_id, json.loads(r.payload).get("data") or {})
            for r in conn.execute(_RETRACTIONS, {"incident": incident_id})
        )
        conn.execute(delete(retracted_events).where(retracted_events.c.incident_id == incident_id))
        for (source, event_id), (by_source, by_event_id, reason) in found.items():
            conn.execute(
                retracted_events.insert(),
                {"source": source, "event_id": event_id, "incident_id": incident_id,
                 "by_source": by_source, "by_event_id": by_event_id, "reason": reason},
            )  # fmt: skip
        for ours in conn.execute(_EVENT_IDS, {"incident": incident_id}):
            conn.execute(_FORGET_SUPERSEDED, {"source": ours.source, "by": ours.event_id})
        rows = [dict(r) for r in conn.execute(_ALL_EVENTS, {"incident": incident_id}).mappings()]
        conn.execute(delete(step_claims).where(step_claims.c.incident_id == incident_id))
        self.refold(incident_id)
        for row in rows:
            if row["type"] not in INCIDENT_EVENTS and row["type"] != RETRACTION:
                self.project(conn, row)

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


# Batched: the same rules over several incidents at once (see BatchSqlTarget).
_CHUNK = 500
_EVENTS_OF = (
    select(
        events.c.incident_id, events.c.type, events.c.source, events.c.occurred_at, events.c.payload
    )
    .where(
        events.c.incident_id.in_(bindparam("incidents", expanding=True)),
        events.c.type.in_(INCIDENT_EVENTS),
        _NOT_RETRACTED,
    )
    .order_by(events.c.incident_id, events.c.occurred_at, events.c.source, events.c.event_id)
)
# Seqs count every event; the last-event time only those in force (as in `refold`).
_SPANS = (
    select(
        events.c.incident_id,
        func.min(events.c.seq).label("first_seq"),
        func.max(events.c.seq).label("last_seq"),
        func.max(case((_NOT_RETRACTED, events.c.occurred_at))).label("last_occurred"),
    )
    .where(events.c.incident_id.in_(bindparam("incidents", expanding=True)))
    .group_by(events.c.incident_id)
)
_SUPERSEDED = select(superseded_events.c.source, superseded_events.c.event_id).where(
    tuple_(superseded_events.c.source, superseded_events.c.event_id).in_(
        bindparam("keys", expanding=True)
    )
)
CLAIM_KEYS = ("incident_id", "agency_id", "step", "source")


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class BatchSqlTarget(SqlTarget):
    """The projection tables, written once per batch rather than once per event.

    The rules call it event by event as they call `SqlTarget`; it defers what one write
    per batch can do: each incident is refolded once (the fold reads every stored event,
    and the whole batch is stored first, so once at the end equals once per event), the
    claims go in one executemany (a later claim of the same key replaces an earlier one,
    as the upsert would), each incident's last seq is bumped once. `flush` writes them,
    before any supersede (which deletes a claim) and at the end of the batch.
    """

    def __init__(self, conn: Connection, project: Callable[[Connection, dict[str, Any]], None],
                 rows: list[dict[str, Any]]):  # fmt: skip
        super().__init__(conn, project)
        self.to_refold: dict[str, None] = {}
        self.refolded: set[str] = set()
        self.claims: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.bumps: dict[str, dict[str, Any]] = {}
        keys = sorted(
            {(r["source"], r["event_id"]) for r in rows if r["type"] not in INCIDENT_EVENTS}
        )
        self.superseded: set[tuple[str, str]] = set()
        for chunk in _chunks(keys):
            self.superseded.update((s, e) for s, e in conn.execute(_SUPERSEDED, {"keys": chunk}))

    def refold(self, incident_id: str) -> None:
        """Refold the incident at the next flush (once per batch)."""
        if incident_id not in self.refolded:
            self.to_refold[incident_id] = None

    def reproject(self, incident_id: str) -> None:
        """Refuse: a batch with a retraction is projected event by event."""
        raise NotImplementedError("project a batch with a retraction event by event")

    def supersede(self, row: dict[str, Any], old_event_id: str) -> None:
        """Write what is pending (the deleted claim may be among it), then supersede."""
        self.flush()
        super().supersede(row, old_event_id)
        self.superseded.add((row["source"], old_event_id))

    def is_superseded(self, row: dict[str, Any]) -> bool:
        """Tell from the batch's one lookup (and its own supersedes) whether it is corrected."""
        return (row["source"], row["event_id"]) in self.superseded

    def record_claim(self, claim: dict[str, Any]) -> None:
        """Keep the claim for the next flush; a later one of the same key replaces it."""
        self.claims[tuple(claim[k] for k in CLAIM_KEYS)] = claim

    def touch(self, row: dict[str, Any]) -> None:
        """Keep the incident's newest seq and latest time for the next flush."""
        bump = self.bumps.setdefault(row["incident_id"], {"incident": row["incident_id"]})
        bump["new_seq"] = row["seq"]  # rows come in seq order
        bump["occurred"] = max(bump.get("occurred", row["occurred_at"]), row["occurred_at"])

    def flush(self) -> None:
        """Write the pending refolds, then claims (their incident exists), then bumps."""
        refold = list(self.to_refold)
        self.to_refold.clear()
        self.refolded.update(refold)
        for chunk in _chunks(refold):
            self._refold_chunk(chunk)
        if self.claims:
            rows = list(self.claims.values())
            stmt = _upsert_statement(
                self.conn.dialect.name, step_claims, tuple(rows[0]), CLAIM_KEYS
            )
            self.conn.execute(stmt, rows)
            self.claims.clear()
        if self.bumps:
            self.conn.execute(_BUMP_LAST_SEQ, list(self.bumps.values()))
            self.bumps.clear()

    def _refold_chunk(self, chunk: list[str]) -> None:
        """Refold incidents as `refold` does, with two queries and one upsert for them all."""
        conn = self.conn
        history: dict[str, list[Any]] = {i: [] for i in chunk}
        for row in conn.execute(_EVENTS_OF, {"incidents": chunk}):
            history[row.incident_id].append(row)
        spans = {row.incident_id: row for row in conn.execute(_SPANS, {"incidents": chunk})}
        values, gone = [], []
        for incident_id, rows in history.items():
            folded = fold_incident((r.type, r.source, json.loads(r.payload)) for r in rows)
            if folded is None:
                gone.append(incident_id)
                continue
            values.append(
                _incident_values(incident_id, folded, rows[0].occurred_at, spans[incident_id])
            )
        if gone:
            conn.execute(delete(step_claims).where(step_claims.c.incident_id.in_(gone)))
            conn.execute(delete(incidents).where(incidents.c.id.in_(gone)))
        if values:
            stmt = _upsert_statement(conn.dialect.name, incidents, tuple(values[0]), ("id",))
            conn.execute(stmt, values)


class _Span(NamedTuple):
    """An incident's first and last seq, and the time of its last event in force."""

    first_seq: int
    last_seq: int
    last_occurred: datetime | None


def _incident_values(
    incident_id: str, folded: Folded, reported_at: datetime, span: Any
) -> dict[str, Any]:
    """Return the incidents row of a folded incident (as `SqlTarget.refold` writes it)."""
    state = folded.state
    if isinstance(state["started_at"], str):
        state["started_at"] = datetime.fromisoformat(state["started_at"])
    return {
        "id": incident_id,
        **{k: state.get(k) for k in INCIDENT_FIELDS},
        "outside_region": not state["city"],
        "reported_at": reported_at,
        "updated_at": span.last_occurred,
        "first_seq": span.first_seq,
        "last_seq": span.last_seq,
        "conflicts": json.dumps(folded.conflicts) if folded.conflicts else None,
    }

"""Append validated events to the log and update the projection in the same transaction.

A batch costs a fixed number of statements, not a few per event: one query finds the
resends, one the references, one multi-row INSERT stores the new events, and the
projection runs once per batch (see `project_batch`). Cities are resolved first
(`dashboard.reference.resolve`), and a retraction must name a stored event of its incident.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    insert,
    literal_column,
    select,
    tuple_,
    union_all,
)

from dashboard.domain import RETRACTION
from dashboard.ingest.models import Event
from dashboard.reference.locality import Locality
from dashboard.reference.resolve import LocalitySource, resolve
from dashboard.store.engine import write_transaction
from dashboard.store.projection import project_batch
from dashboard.store.retractions import retraction_problems
from dashboard.store.schema import agencies, events, incidents, jurisdictions

# Bound parameters per IN (...) list: well under SQLite's and PostgreSQL's limits.
CHUNK = 500
# Built once: per-event statement construction dominated the cost of an append.
_INSERT_EVENTS = insert(events)
_INSERT_ONE = insert(events).returning(events.c.seq)
_NEW_SEQS = select(events.c.seq, events.c.source, events.c.event_id).where(
    events.c.seq > bindparam("before")
)
_STORED_HASHES = select(events.c.source, events.c.event_id, events.c.body_hash).where(
    tuple_(events.c.source, events.c.event_id).in_(bindparam("keys", expanding=True))
)
_REFERENCE_IDS = {"agency": agencies.c.id, "city": jurisdictions.c.id, "incident": incidents.c.id}
_LATEST_SEQ = select(events.c.seq).order_by(events.c.seq.desc()).limit(1)


@dataclass(frozen=True)
class AppendResult:
    """What an append did: new events, resends that changed nothing, and the newest seq."""

    accepted: int
    duplicates: int
    last_seq: int


@dataclass(frozen=True)
class EventProblem:
    """One reason an event in a batch was refused."""

    index: int
    path: str
    message: str
    code: str = "invalid_event"


@dataclass
class EventsRejected(Exception):
    """The batch was refused as a whole; nothing of it was stored."""

    problems: list[EventProblem] = field(default_factory=list)

    @property
    def conflict(self) -> bool:
        """Tell whether every problem is a conflicting resend."""
        return all(p.code == "conflict" for p in self.problems)

    def __str__(self) -> str:
        return "; ".join(f"events[{p.index}].{p.path}: {p.message}" for p in self.problems)


def append_events(
    engine: Engine,
    batch: Sequence[Event],
    received_at: datetime | None = None,
    locality: LocalitySource | None = None,
    received_times: Sequence[datetime] | None = None,
) -> AppendResult:
    """Store a batch all or nothing; a resent (source, event_id) with the same body is a no-op.

    Incident events get their primary jurisdiction first (`dashboard.reference.resolve`),
    from `locality` or, without one, from the jurisdictions read in this transaction.
    `received_times` (one per event, trusted seeding only) replaces the one receive time.
    """
    received_at = received_at or datetime.now(UTC)
    times = list(received_times) if received_times is not None else [received_at] * len(batch)
    with write_transaction(engine) as conn:
        known = _ReferenceData.load(conn, batch)
        batch, unknown = resolve(batch, known.city_ids, locality or _read_locality(conn))
        known.add_cities(conn, batch)
        hashes = [event.body_hash() for event in batch]  # of the event as resolved and kept
        stored = _stored_hashes(conn, batch)
        refused = {u.index: u.message for u in unknown}
        fresh, duplicates, problems = _sort_out(conn, batch, hashes, stored, known, refused)
        if problems:
            raise EventsRejected(problems)
        if not fresh:
            return AppendResult(0, duplicates, conn.execute(_LATEST_SEQ).scalar() or 0)
        rows = [_row(batch[i], hashes[i], times[i]) for i in fresh]
        _insert(conn, rows)
        project_batch(conn, rows)
        return AppendResult(len(rows), duplicates, rows[-1]["seq"])


def _sort_out(
    conn: Connection,
    batch: Sequence[Event],
    hashes: list[str],
    stored: dict[tuple[str, str], str],
    known: _ReferenceData,
    refused: dict[int, str],
) -> tuple[list[int], int, list[EventProblem]]:
    """Split the batch, in order, into new events, identical resends and refused ones."""
    stored = dict(stored)
    problems = [EventProblem(i, "incident.city", m, "unknown_city") for i, m in refused.items()]
    incident_of: dict[tuple[str, str], str] = {}  # the batch's new events, for retractions
    fresh: list[int] = []
    duplicates = 0
    for index, event in enumerate(batch):
        if index in refused:
            continue
        key = (event.source, event.event_id)
        if key in stored:
            if stored[key] == hashes[index]:
                duplicates += 1
            else:
                problems.append(
                    EventProblem(
                        index,
                        "event_id",
                        f"({event.source}, {event.event_id}) was already stored with a "
                        "different body",
                        "conflict",
                    )
                )
            continue
        found = known.check(index, event)
        if event.type == RETRACTION:
            wrong = _retraction_problems(conn, event, incident_of)
            found += [EventProblem(index, *problem) for problem in wrong]
        if found:
            problems.extend(found)
            continue
        # Later events of the batch see this one, as if it had been stored already.
        stored[key] = hashes[index]
        incident_of[key] = event.incident_id
        if event.type == "incident.reported":
            known.incident_ids.add(event.incident_id)
        fresh.append(index)
    return fresh, duplicates, problems


def _retraction_problems(
    conn: Connection, event: Event, incident_of: dict[tuple[str, str], str]
) -> list[tuple[str, str, str]]:
    """Check a retraction against an earlier event of the batch, else against the log."""
    target = event.retracts
    if target is None or target not in incident_of:
        return retraction_problems(conn, event)
    if incident_of[target] != event.incident_id:
        message = f"({target[0]}, {target[1]}) belongs to incident {incident_of[target]!r}"
        return [("incident_id", message, "invalid_event")]
    return []


def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert the rows in one executemany and give each its seq, in batch order.

    RETURNING would make SQLAlchemy send one INSERT per row on SQLite. Reading back the
    seqs above the newest one before is exact: the write lock (BEGIN IMMEDIATE, the
    PostgreSQL advisory lock) keeps every other appender out until this one commits.
    """
    if len(rows) == 1:  # one statement where RETURNING costs nothing extra
        rows[0]["seq"] = conn.execute(_INSERT_ONE, rows[0]).scalar_one()
        return
    before = conn.execute(_LATEST_SEQ).scalar() or 0
    conn.execute(_INSERT_EVENTS, rows)
    seqs = {(s, e): seq for seq, s, e in conn.execute(_NEW_SEQS, {"before": before})}
    for row in rows:
        row["seq"] = seqs[(row["source"], row["event_id"])]


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _stored_hashes(conn: Connection, batch: Sequence[Event]) -> dict[tuple[str, str], str]:
    """Return the body hash of every (source, event_id) of the batch already in the log."""
    keys = sorted({(e.source, e.event_id) for e in batch})
    found: dict[tuple[str, str], str] = {}
    for chunk in _chunks(keys):
        found.update(((s, e), h) for s, e, h in conn.execute(_STORED_HASHES, {"keys": chunk}))
    return found


def _row(event: Event, body_hash: str, received_at: datetime) -> dict[str, Any]:
    payload = json.dumps(
        event.model_dump(mode="json", include={"incident", "data"}, exclude_none=True),
        sort_keys=True,
    )
    return {
        "source": event.source,
        "event_id": event.event_id,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "received_at": received_at,
        "incident_id": event.incident_id,
        "agency_id": event.agency,
        "payload": payload,
        "body_hash": body_hash,
    }


def _read_locality(conn: Connection) -> LocalitySource:
    """Return a locality read from this transaction, for stores that hold no snapshot."""

    def read(_fresh: bool) -> Locality:
        rows = conn.execute(
            select(
                jurisdictions.c.id,
                jurisdictions.c.name,
                jurisdictions.c.kind,
                jurisdictions.c.boundary,
            )
        ).all()
        return Locality(tuple(row) for row in rows)

    return read


@lru_cache(maxsize=8)
def _references_statement(asked: tuple[str, ...]) -> Any:
    """Build, once per combination, one query for the existing ids of each kind asked."""
    parts = [
        select(literal_column(f"'{name}'").label("what"), _REFERENCE_IDS[name].label("id")).where(
            _REFERENCE_IDS[name].in_(bindparam(name, expanding=True))
        )
        for name in asked
    ]
    return union_all(*parts)


@dataclass
class _ReferenceData:
    """The agencies, cities and incidents a batch names that exist, from one query."""

    agency_ids: set[str]
    city_ids: set[str]
    incident_ids: set[str]

    @classmethod
    def load(cls, conn: Connection, batch: Sequence[Event]) -> _ReferenceData:
        wanted = {
            "agency": sorted({e.agency for e in batch if e.agency is not None}),
            "city": sorted({e.incident.city for e in batch if e.incident and e.incident.city}),
            "incident": sorted(
                {e.incident_id for e in batch if e.type not in ("incident.reported", RETRACTION)}
            ),
        }
        found: dict[str, set[str]] = {name: set() for name in wanted}
        for start in range(0, max(map(len, wanted.values())), CHUNK):
            chunks = {name: ids[start : start + CHUNK] for name, ids in wanted.items()}
            asked = tuple(name for name, chunk in chunks.items() if chunk)
            if asked:
                for what, id_ in conn.execute(_references_statement(asked), chunks):
                    found[what].add(id_)
        return cls(found["agency"], found["city"], found["incident"])

    def add_cities(self, conn: Connection, batch: Sequence[Event]) -> None:
        """Look up the cities that resolving gave the batch and that are not known yet."""
        cities = {e.incident.city for e in batch if e.incident and e.incident.city}
        missing = sorted(cities - self.city_ids)
        for chunk in _chunks(missing):
            self.city_ids.update(
                conn.execute(
                    select(jurisdictions.c.id).where(jurisdictions.c.id.in_(chunk))
                ).scalars()
            )

    def check(self, index: int, event: Event) -> list[EventProblem]:
        """Return what refers to something unknown: incident, agency or city."""
        found: list[EventProblem] = []
        if event.agency is not None and event.agency not in self.agency_ids:
            found.append(
                EventProblem(index, "agency", f"unknown agency {event.agency!r}", "unknown_agency")
            )
        city = event.incident.city if event.incident else None
        if city is not None and city not in self.city_ids:
            found.append(
                EventProblem(index, "incident.city", f"unknown city {city!r}", "unknown_city")
            )
        if event.type == RETRACTION:  # it may restore an incident that left the picture
            return found
        if event.type != "incident.reported" and event.incident_id not in self.incident_ids:
            found.append(
                EventProblem(
                    index,
                    "incident_id",
                    f"unknown incident {event.incident_id!r}",
                    "unknown_incident",
                )
            )
        return found

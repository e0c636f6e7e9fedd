"""Append validated events to the log and update the projection in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, bindparam, insert, select

from dashboard.domain import RETRACTION
from dashboard.ingest.models import Event
from dashboard.reference.locality import Locality
from dashboard.reference.resolve import LocalitySource, resolve
from dashboard.store.engine import write_transaction
from dashboard.store.projection import project
from dashboard.store.retractions import retraction_problems
from dashboard.store.schema import agencies, events, incidents, jurisdictions

# Built once: per-event statement construction dominated the cost of an append.
_STORED_HASH = select(events.c.body_hash).where(
    events.c.source == bindparam("source"), events.c.event_id == bindparam("event_id")
)
_INSERT_EVENT = insert(events).returning(events.c.seq)
_INCIDENT_EXISTS = select(incidents.c.id).where(incidents.c.id == bindparam("incident"))


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
) -> AppendResult:
    """Store a batch all or nothing; a resent (source, event_id) with the same body is a no-op.

    Incident events get their primary jurisdiction first (`dashboard.reference.resolve`),
    from `locality` or, without one, from the jurisdictions read in this transaction.
    """
    received_at = received_at or datetime.now(UTC)
    accepted = duplicates = 0
    problems: list[EventProblem] = []
    with write_transaction(engine) as conn:
        known = _ReferenceData.load(conn)
        batch, unknown = resolve(batch, known.city_ids, locality or _read_locality(conn))
        problems.extend(
            EventProblem(u.index, "incident.city", u.message, "unknown_city") for u in unknown
        )
        refused = {u.index for u in unknown}
        for index, event in enumerate(batch):
            if index in refused:
                continue
            body_hash = event.body_hash()
            stored = conn.execute(
                _STORED_HASH, {"source": event.source, "event_id": event.event_id}
            ).scalar_one_or_none()
            if stored is not None:
                if stored == body_hash:
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
            found = known.check(conn, index, event)
            if found:
                problems.extend(found)
                continue
            _insert_and_project(conn, event, body_hash, received_at)
            accepted += 1
        if problems:
            raise EventsRejected(problems)
        last_seq = conn.execute(select(events.c.seq).order_by(events.c.seq.desc()).limit(1))
        return AppendResult(accepted, duplicates, last_seq.scalar_one_or_none() or 0)


def _insert_and_project(
    conn: Connection, event: Event, body_hash: str, received_at: datetime
) -> None:
    payload = json.dumps(
        event.model_dump(mode="json", include={"incident", "data"}, exclude_none=True),
        sort_keys=True,
    )
    row = {
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
    seq = conn.execute(_INSERT_EVENT, row).scalar_one()
    project(conn, {**row, "seq": seq})


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


@dataclass
class _ReferenceData:
    agency_ids: set[str]
    city_ids: set[str]

    @classmethod
    def load(cls, conn: Connection) -> _ReferenceData:
        return cls(
            set(conn.execute(select(agencies.c.id)).scalars()),
            set(conn.execute(select(jurisdictions.c.id)).scalars()),
        )

    def check(self, conn: Connection, index: int, event: Event) -> list[EventProblem]:
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
            problems = retraction_problems(conn, event)
            return found + [EventProblem(index, *problem) for problem in problems]
        if event.type != "incident.reported":
            exists = conn.execute(_INCIDENT_EXISTS, {"incident": event.incident_id}).first()
            if exists is None:
                found.append(
                    EventProblem(
                        index,
                        "incident_id",
                        f"unknown incident {event.incident_id!r}",
                        "unknown_incident",
                    )
                )
        return found

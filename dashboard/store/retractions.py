"""What a retraction must name: a stored event of the same incident, not itself."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from dashboard.ingest.models import Event
from dashboard.store.schema import events

_TARGET = select(events.c.incident_id).where(
    events.c.source == bindparam("source"), events.c.event_id == bindparam("event_id")
)


def retraction_problems(conn: Connection, event: Event) -> list[tuple[str, str, str]]:
    """Return (path, message, code) for each reason the retraction cannot apply."""
    target = event.retracts
    if target is None:
        return []
    source, event_id = target
    incident = conn.execute(_TARGET, {"source": source, "event_id": event_id}).scalar()
    if incident is None:
        where = "data.retracts"
        return [(where, f"no stored event ({source}, {event_id}) to retract", "unknown_event")]
    if incident != event.incident_id:
        message = f"({source}, {event_id}) belongs to incident {incident!r}"
        return [("incident_id", message, "invalid_event")]
    return []

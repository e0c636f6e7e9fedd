"""Build events for tests without repeating every field."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from dashboard.ingest.models import Event

T0 = datetime(2026, 6, 6, 17, 0, tzinfo=UTC)
_ids = itertools.count(1)


def at(minutes: float) -> datetime:
    """Return T0 plus some minutes."""
    return T0 + timedelta(minutes=minutes)


def reported(
    incident_id: str = "inc-1", minutes: float = 0, source: str = "test", **fields: Any
) -> Event:
    """Return an incident.reported event with sensible defaults."""
    incident = {
        "kind": "operation",
        "title": f"Incident {incident_id}",
        "lat": 34.04,
        "lon": -118.25,
        "city": "los-angeles",
        "started_at": at(minutes),
        **fields,
    }
    return Event(
        source=source,
        event_id=f"e{next(_ids)}",
        type="incident.reported",
        occurred_at=at(minutes),
        incident_id=incident_id,
        incident=incident,
    )


def updated(incident_id: str, minutes: float, source: str = "test", **fields: Any) -> Event:
    """Return an incident.updated event carrying the given fields."""
    return Event(
        source=source,
        event_id=f"e{next(_ids)}",
        type="incident.updated",
        occurred_at=at(minutes),
        incident_id=incident_id,
        incident=fields,
    )


def step(
    event_type: str,
    incident_id: str,
    agency: str,
    minutes: float,
    source: str = "test",
    **data: Any,
) -> Event:
    """Return a notification or response event."""
    return Event(
        source=source,
        event_id=f"e{next(_ids)}",
        type=event_type,
        occurred_at=at(minutes),
        incident_id=incident_id,
        agency=agency,
        data=data,
    )

"""Event bodies for API tests, as a sender would post them."""

from __future__ import annotations

import itertools
from typing import Any

_ids = itertools.count(1)


def report(incident_id: str = "inc-1", **incident: Any) -> dict[str, Any]:
    """Return an incident.reported body in Los Angeles."""
    return {
        "source": "lapd-cad",
        "event_id": f"r{next(_ids)}",
        "type": "incident.reported",
        "occurred_at": "2026-06-06T17:00:00Z",
        "incident_id": incident_id,
        "incident": {
            "kind": "operation",
            "title": f"Incident {incident_id}",
            "lat": 34.04,
            "lon": -118.25,
            "city": "los-angeles",
            "started_at": "2026-06-06T17:00:00Z",
            **incident,
        },
    }


def step(
    event_type: str,
    incident_id: str = "inc-1",
    agency: str = "lapd",
    at: str = "17:10",
    **data: Any,
) -> dict[str, Any]:
    """Return a notification or response body at a time on 2026-06-06 (UTC)."""
    return {
        "source": data.pop("source", "lapd-cad"),
        "event_id": f"s{next(_ids)}",
        "type": event_type,
        "occurred_at": f"2026-06-06T{at}:00Z",
        "incident_id": incident_id,
        "agency": agency,
        "data": data,
    }

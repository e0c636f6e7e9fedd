"""Fault-test fixtures: the API fixtures, and events written past validation."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from dashboard.ingest.models import Event, IncidentFields
from tests.api.conftest import Api, api, api_config, assert_error, make  # noqa: F401


def unchecked(
    event_type: str,
    incident_id: str,
    occurred_at: datetime,
    agency: str | None = None,
    **incident: Any,
) -> Event:
    """Return an event built without validation, as a row stored before a check existed."""
    return Event.model_construct(
        source="test",
        event_id=f"bad-{uuid.uuid4().hex[:10]}",
        type=event_type,
        occurred_at=occurred_at,
        incident_id=incident_id,
        agency=agency,
        incident=IncidentFields.model_construct(**incident) if incident else None,
        data={},
    )

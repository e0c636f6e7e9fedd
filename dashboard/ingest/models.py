"""Pydantic models of incoming events: the one definition that validates every input."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from dashboard.domain import EVENT_TYPES, INCIDENT_EVENTS, STEP_BY_EVENT

Kind = Literal["operation", "staging", "protest"]
Status = Literal["planned", "active", "contained", "closed"]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@/+-]+$")
]
Text = Annotated[str, StringConstraints(max_length=2000)]


def _to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


# allow_inf_nan=False names NaN and infinity as such, instead of as "out of range".
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), AfterValidator(_finite)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), AfterValidator(_finite)]


class IncidentFields(BaseModel):
    """What an incident.reported or incident.updated event says about the incident."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    status: Status | None = None
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    city: Identifier | None = None
    address: Text | None = None
    started_at: UtcDatetime | None = None
    crowd_size: Annotated[int, Field(ge=0, le=10_000_000)] | None = None


class Event(BaseModel):
    """One event as a sender asserts it; `(source, event_id)` identifies it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Identifier
    event_id: Identifier
    type: EventType
    occurred_at: UtcDatetime
    incident_id: Identifier
    agency: Identifier | None = None
    incident: IncidentFields | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_references(self) -> Event:
        if self.type in STEP_BY_EVENT and self.agency is None:
            raise ValueError(f"agency is required on {self.type}")
        if self.type == "incident.reported":
            missing = [
                name
                for name in ("kind", "title", "lat", "lon", "city")
                if self.incident is None or getattr(self.incident, name) is None
            ]
            if missing:
                raise ValueError(f"incident.reported needs incident.{', incident.'.join(missing)}")
        if self.incident is not None and self.type not in INCIDENT_EVENTS:
            raise ValueError(f"incident fields are not allowed on {self.type}")
        if len(json.dumps(self.data, default=str)) > 8000:
            raise ValueError("data is larger than 8000 bytes")
        return self

    @property
    def step(self) -> str | None:
        """Name the notification-track step this event records, if any."""
        return STEP_BY_EVENT.get(self.type)

    def body_hash(self) -> str:
        """Hash the event's content, so a resend can be told from a conflicting one."""
        body = self.model_dump(mode="json", exclude_none=True)
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class EventBatch(BaseModel):
    """Several events posted together, stored all or nothing."""

    model_config = ConfigDict(extra="forbid")

    events: list[Event] = Field(min_length=1)


class Agency(BaseModel):
    """An agency that can be notified and respond; `jurisdiction_id` is its city, if local."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    jurisdiction_id: Identifier | None = None
    kind: Literal["police", "sheriff", "city", "county", "state", "federal", "fire", "other"]
    local: bool = True

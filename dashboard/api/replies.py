"""Shapes of the API's answers, as pydantic models: the OpenAPI document is built from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dashboard.domain import STEPS
from dashboard.ingest.models import Agency

Step = Literal[STEPS]  # type: ignore[valid-type]


class ErrorDetail(BaseModel):
    """Where one problem is, and what it is."""

    path: str = Field(examples=["events[3].occurred_at"])
    message: str = Field(examples=["timezone required"])


class ErrorReply(BaseModel):
    """The one error shape of every route under /api."""

    ok: Literal[False]
    status: int
    error: str = Field(description="Short machine-readable code, e.g. invalid_events.")
    message: str = Field(description="One human sentence.")
    errors: list[ErrorDetail]


class AppendReply(BaseModel):
    """What a write did; a resend counts as a duplicate and changes nothing."""

    accepted: int
    duplicates: int
    last_seq: int


class StoredEvent(BaseModel):
    """An event as the log holds it: what the sender said, plus seq and arrival time."""

    seq: int
    received_at: datetime
    source: str
    event_id: str
    type: str
    occurred_at: datetime
    incident_id: str
    agency: str | None
    incident: dict[str, Any] | None
    data: dict[str, Any]


class FeedReply(BaseModel):
    """A page of the event feed; ask again with `after=next` for the rest."""

    events: list[StoredEvent]
    next: int = Field(description="Cursor: pass as `after` to continue.")
    latest_seq: int
    has_more: bool


class StepClaim(BaseModel):
    """One source's claim that an agency reached a step, and when."""

    step: Step
    source: str
    occurred_at: datetime
    event_id: str
    channel: str | None


class Track(BaseModel):
    """One agency's notification track for one incident, with its figures."""

    agency: str
    agency_name: str | None
    local: bool
    stage: str
    steps: dict[str, datetime | None]
    lead_time_s: float | None = Field(description="Incident start minus notification.")
    response_time_s: float | None = Field(description="On scene minus assistance requested.")
    disputed_steps: list[str] = Field(
        description="Steps that sources report more than HEADSUP_DISPUTE_TOLERANCE_MIN apart."
    )
    claims: list[StepClaim]


class NotificationSummary(BaseModel):
    """Which agencies were told and how far each got, in short."""

    notified: list[str]
    acknowledged: list[str]
    on_scene: list[str]
    declined: list[str]
    unnotified_local: list[str] = Field(description="Local agencies of the city never notified.")
    best_lead_time_s: float | None


class IncidentProperties(BaseModel):
    """What is known about an incident now."""

    id: str
    kind: str
    status: str
    title: str
    city: str
    address: str | None
    started_at: datetime | None
    reported_at: datetime
    updated_at: datetime
    crowd_size: int | None
    last_seq: int
    notifications: NotificationSummary


class PointGeometry(BaseModel):
    """A GeoJSON point: [longitude, latitude]."""

    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2)


class IncidentFeature(BaseModel):
    """A GeoJSON feature for one incident."""

    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: IncidentProperties


class IncidentCollection(BaseModel):
    """A GeoJSON FeatureCollection of incidents."""

    type: Literal["FeatureCollection"]
    features: list[IncidentFeature]
    seq: int
    as_of: datetime | None = Field(description="The time of the picture; null: now, live.")
    basis: Literal["happened", "known"] = Field(description="Which events the picture holds.")


class IncidentDetail(BaseModel):
    """One incident, its notification tracks and its timeline with sources."""

    incident: IncidentFeature
    tracks: list[Track]
    timeline: list[StoredEvent]


class AgencyList(BaseModel):
    """Every agency."""

    agencies: list[Agency]


class Alarm(BaseModel):
    """One standing alarm: what needs someone's attention, since when."""

    kind: str
    incident_id: str | None
    agency_id: str | None
    source: str | None
    since: datetime | None
    message: str


class AlarmRules(BaseModel):
    """The configured alarm thresholds, in minutes."""

    ack_within_min: float
    on_scene_within_min: float
    source_silent_after_min: float


class AlarmsReply(BaseModel):
    """Every standing alarm now, with the rules that raised them."""

    alarms: list[Alarm]
    count: int
    seq: int
    as_of: datetime
    rules: AlarmRules


class AuditRow(BaseModel):
    """One audit row; `detail` says what, `outcome` how it ended."""

    id: int
    at: datetime
    actor: str
    action: str
    outcome: str
    source_ip: str
    detail: str


class AuditReply(BaseModel):
    """The newest audit rows first."""

    audit: list[AuditRow]


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document."""

    model_config = ConfigDict(extra="allow")

    openapi: Literal["3.1.0"]
    paths: dict[str, Any]


class Health(BaseModel):
    """The service is up and its database answers."""

    ok: Literal[True]
    database: Literal["up"]
    dialect: str
    latest_seq: int


REPLY_MODELS: tuple[type[BaseModel], ...] = (
    ErrorReply,
    AppendReply,
    FeedReply,
    IncidentCollection,
    IncidentDetail,
    AgencyList,
    AlarmsReply,
    AuditReply,
    Health,
    OpenApiDocument,
)

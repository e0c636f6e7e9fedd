"""Pydantic models of incoming events: the one definition that validates every input."""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from dashboard.domain import (
    EVENT_TYPES,
    INCIDENT_EVENTS,
    KINDS,
    RETRACTION,
    STATUSES,
    STEP_BY_EVENT,
)

Kind = Literal[KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
AGENCY_KINDS = (
    "police",
    "sheriff",
    "fire",
    "executive",
    "city",
    "county",
    "state",
    "federal",
    "other",
)
AgencyKind = Literal[AGENCY_KINDS]  # type: ignore[valid-type]
Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@/+-]+$")
]
# Agencies and cities are kept in 64 characters (PostgreSQL enforces it, SQLite does not).
ShortIdentifier = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:@/+-]+$")
]
# C0 controls (tab, newline and carriage return aside) and DEL: PostgreSQL cannot store
# NUL at all, and the others only hide text from the people reading it.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(value: str) -> str:
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}")
    return value


# The same rule for the document, so generated clients and fuzzers know it.
NO_CONTROL = Field(json_schema_extra={"pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"})
Text = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_no_control), NO_CONTROL]
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_no_control), NO_CONTROL
]
MAX_DATA_BYTES = 8000
MAX_DATA_DEPTH = 16
# RFC 3339 date-time, as the document's `format: date-time` says; pydantic alone would
# also take a number of seconds ("0.5") or a space for the T.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?(?P<zone>[Zz]|[+-]\d\d:\d\d)?")


# Times outside these bounds are typing errors or attacks, and some break date arithmetic
# downstream (pandas ends in 2262); the upper bound follows the clock, see `_not_ahead`.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
DEFAULT_MAX_CLOCK_SKEW_S = 300.0
# A planned operation may start months ahead; a start further than this is a typo.
PLAN_HORIZON = timedelta(days=366)


def _rfc3339(value: Any) -> Any:
    """Read an RFC 3339 string here, so strict and lax validation take the same strings."""
    if isinstance(value, datetime):
        return _in_utc(value)
    shape = RFC3339.fullmatch(value) if isinstance(value, str) else None
    if shape is None:
        raise ValueError("expected an RFC 3339 date-time with a timezone")
    if not shape["zone"]:
        raise ValueError("timezone required")
    return _in_utc(datetime.fromisoformat(value.upper()))


def _in_utc(moment: datetime) -> datetime:
    """Convert to UTC, refusing an offset that moves the time off the calendar (year 0)."""
    if moment.tzinfo is None:
        return moment  # AwareDatetime names the missing zone
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


def _not_before_1900(moment: datetime) -> datetime:
    if moment < EARLIEST:
        raise ValueError(f"must not be before {EARLIEST:%Y-%m-%d}")
    return moment


def skew_context(skew_s: float | None) -> dict[str, float] | None:
    """Return the validation context that sets the allowed clock skew (None: the default)."""
    return None if skew_s is None else {"max_clock_skew_s": skew_s}


def max_clock_skew(info: ValidationInfo) -> timedelta:
    """Return how far ahead of the server's clock a sender's time may be."""
    context = info.context if isinstance(info.context, dict) else {}
    return timedelta(seconds=context.get("max_clock_skew_s", DEFAULT_MAX_CLOCK_SKEW_S))


def _not_ahead(moment: datetime, info: ValidationInfo) -> datetime:
    """Refuse an event time further ahead of now than the allowed clock skew."""
    if moment > datetime.now(UTC) + max_clock_skew(info):
        raise ValueError("is in the future (more than the allowed clock skew ahead)")
    return moment


def _within_plan(moment: datetime, info: ValidationInfo) -> datetime:
    """Refuse a start further ahead than a plan can reach."""
    if moment > datetime.now(UTC) + PLAN_HORIZON + max_clock_skew(info):
        raise ValueError(f"is more than {PLAN_HORIZON.days} days ahead")
    return moment


def _to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, BeforeValidator(_rfc3339), AfterValidator(_to_utc)]
# What a sender asserts: from 1900 on, and not further ahead than the clock allows.
EventTime = Annotated[UtcDatetime, AfterValidator(_not_before_1900), AfterValidator(_not_ahead)]
StartTime = Annotated[UtcDatetime, AfterValidator(_not_before_1900), AfterValidator(_within_plan)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _whole(value: Any) -> Any:
    """Take 284.0 as 284: JSON Schema counts a number with no fraction as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain_data(data: dict[str, Any]) -> dict[str, Any]:
    """Refuse data nested too deeply, holding NaN or infinity, or control characters."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "data")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_DATA_DEPTH:
            raise ValueError(f"data is nested deeper than {MAX_DATA_DEPTH} levels")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            path = f"{where}.{key}" if isinstance(key, str) else f"{where}[{key}]"
            try:
                _plain_value(key, item)
            except ValueError as exc:
                raise ValueError(f"{path} {exc}") from None
            if isinstance(item, dict | list):
                stack.append((item, depth + 1, path))
    return data


def _plain_value(key: Any, item: Any) -> None:
    if isinstance(key, str):
        _no_control(key)
    if isinstance(item, float) and not math.isfinite(item):
        raise ValueError("must be a finite number")
    if isinstance(item, str):
        _no_control(item)


# allow_inf_nan=False names NaN and infinity as such, instead of as "out of range".
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), AfterValidator(_finite)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), AfterValidator(_finite)]


# A jurisdiction's id or display name ("Los Angeles County"); stored as the id.
CityName = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_no_control), NO_CONTROL
]


class IncidentFields(BaseModel):
    """What an incident.reported or incident.updated event says about the incident."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    status: Status | None = None
    title: Title | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    city: CityName | None = Field(
        default=None,
        description=(
            "The jurisdiction's id or name, in any case; left out, the point decides "
            "(the smallest city containing it)."
        ),
    )
    address: Text | None = None
    started_at: StartTime | None = None
    crowd_size: Annotated[int, Field(ge=0, le=10_000_000), BeforeValidator(_whole)] | None = None


class EventRef(BaseModel):
    """The (source, event_id) that names one stored event."""

    model_config = ConfigDict(extra="forbid")

    source: Identifier
    event_id: Identifier


Reason = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_no_control), NO_CONTROL
]


class RetractionData(BaseModel):
    """What a retraction says: the event it retracts, and why (shown in the timeline)."""

    model_config = ConfigDict(extra="forbid")

    retracts: EventRef
    reason: Reason


# What an incident.reported event must say; the document's schema of that variant too.
# No city: the point says which jurisdictions the incident is in (dashboard.reference).
REPORTED_NEEDS = ("kind", "title", "lat", "lon")


class Event(BaseModel):
    """One event as a sender asserts it; `(source, event_id)` identifies it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Identifier
    event_id: Identifier
    type: EventType
    occurred_at: EventTime
    incident_id: Identifier
    agency: ShortIdentifier | None = None
    incident: IncidentFields | None = None
    data: Annotated[dict[str, Any], AfterValidator(_plain_data)] = Field(
        default_factory=dict,
        description=(
            f"Free-form details, at most {MAX_DATA_BYTES} bytes as JSON, nested at most "
            f"{MAX_DATA_DEPTH} levels, with finite numbers and no control characters."
        ),
    )

    @model_validator(mode="after")
    def _check_references(self) -> Event:
        if self.type in STEP_BY_EVENT and self.agency is None:
            raise ValueError(f"agency is required on {self.type}")
        if self.type == "incident.reported":
            missing = [
                name
                for name in REPORTED_NEEDS
                if self.incident is None or getattr(self.incident, name) is None
            ]
            if missing:
                raise ValueError(f"incident.reported needs incident.{', incident.'.join(missing)}")
        if self.incident is not None and self.type not in INCIDENT_EVENTS:
            raise ValueError(f"incident fields are not allowed on {self.type}")
        if self.type == RETRACTION:
            self._check_retraction()
        if len(json.dumps(self.data, default=str)) > MAX_DATA_BYTES:
            raise ValueError(f"data is larger than {MAX_DATA_BYTES} bytes")
        return self

    def _check_retraction(self) -> None:
        if self.agency is not None:
            raise ValueError("agency is not allowed on a retraction")
        try:
            RetractionData.model_validate(self.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in ("data", *first["loc"]))
            raise ValueError(f"{where}: {first['msg']}") from None
        if (self.data["retracts"]["source"], self.data["retracts"]["event_id"]) == (
            self.source,
            self.event_id,
        ):
            raise ValueError("a retraction cannot retract itself")

    @property
    def retracts(self) -> tuple[str, str] | None:
        """Name the (source, event_id) this retraction retracts; None for other events."""
        if self.type != RETRACTION:
            return None
        target = self.data["retracts"]
        return str(target["source"]), str(target["event_id"])

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the event as one variant per group of types, as `_check_references` rules."""
        from dashboard.ingest.event_schema import event_variants

        return event_variants(handler(core_schema), handler)

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

    id: ShortIdentifier
    name: Title
    jurisdiction_id: ShortIdentifier | None = None
    kind: AgencyKind
    local: bool = True

"""Kinds, statuses, steps and event types, and the pure rules derived from them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

KINDS: Final = ("operation", "staging", "protest")
STATUSES: Final = ("planned", "active", "contained", "closed")

# The order is the order of a response; `declined` ends a track instead of `on_scene`.
STEPS: Final = (
    "notified",
    "acknowledged",
    "assistance_requested",
    "dispatched",
    "en_route",
    "on_scene",
    "cleared",
    "declined",
)

INCIDENT_EVENTS: Final = ("incident.reported", "incident.updated", "incident.closed")
STEP_BY_EVENT: Final = {
    "notification.sent": "notified",
    "notification.acknowledged": "acknowledged",
    "assistance.requested": "assistance_requested",
    "unit.dispatched": "dispatched",
    "unit.en_route": "en_route",
    "unit.on_scene": "on_scene",
    "unit.cleared": "cleared",
    "response.declined": "declined",
}
EVENT_BY_STEP: Final = {step: event for event, step in STEP_BY_EVENT.items()}
EVENT_TYPES: Final = (*INCIDENT_EVENTS, *STEP_BY_EVENT, "note.added")


def require_aware(moment: datetime, what: str = "time") -> datetime:
    """Return the moment unchanged, refusing a naive datetime."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{what} must carry a timezone")
    return moment


def lead_time(started_at: datetime | None, notified_at: datetime | None) -> timedelta | None:
    """Return incident start minus notification; negative when told after the start."""
    if started_at is None or notified_at is None:
        return None
    return require_aware(started_at, "started_at") - require_aware(notified_at, "notified_at")


def response_time(requested_at: datetime | None, on_scene_at: datetime | None) -> timedelta | None:
    """Return on-scene minus assistance requested, or None while either is missing."""
    if requested_at is None or on_scene_at is None:
        return None
    return require_aware(on_scene_at, "on_scene_at") - require_aware(requested_at, "requested_at")


def notified_in_advance(lead: timedelta | None) -> bool:
    """Tell whether a lead time means the agency was told before the start."""
    return lead is not None and lead > timedelta(0)


def format_duration(delta: timedelta) -> str:
    """Render a duration as '2 h 10 min' or '38 min' or '45 s' for people."""
    seconds = int(abs(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"


def describe_lead_time(lead: timedelta | None) -> str:
    """Describe a lead time the way the matrix shows it."""
    if lead is None:
        return "not notified"
    if lead >= timedelta(0):
        return f"notified {format_duration(lead)} ahead"
    return f"notified {format_duration(lead)} after start"


def describe_range(low: timedelta | None, high: timedelta | None) -> str:
    """Render a figure that may be a range: '38 min', or '38 min to 2 h 7 min' when disputed."""
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        one = low if low is not None else high
        assert one is not None
        return format_duration(one)
    low, high = min(low, high), max(low, high)
    return f"{format_duration(low)} to {format_duration(high)}"


def disputed(first: datetime, last: datetime, tolerance: timedelta) -> bool:
    """Tell whether two claims of one step lie further apart than the tolerance."""
    return abs(require_aware(last, "last") - require_aware(first, "first")) > tolerance

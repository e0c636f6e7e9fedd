"""Operator actions: validate what the detail panel sends and turn it into one event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from dashboard.domain import STEP_TABLE
from dashboard.ingest.models import Event

# One action per step that has an event, from the step table, then a note.
ACTIONS = {
    **{s.event: s.label.capitalize() for s in STEP_TABLE if s.event is not None},
    "note.added": "Note",
}
CHANNELS = ("phone", "radio", "email", "text message", "in person", "liaison", "other")
KEY = re.compile(r"^[0-9a-f]{32}$")
# A clock a little ahead of the server's is not an error; a time in the future is.
CLOCK_SLACK = timedelta(minutes=2)
NOTE_MAX = 2000


class ActionInvalid(ValueError):
    """The action cannot be recorded; the message says why, for the operator."""


@dataclass(frozen=True)
class ActionRequest:
    """What the form sent, untrusted: every field may be forged."""

    key: Any
    incident_id: Any
    action: Any
    agency: Any
    channel: Any
    time_text: Any
    note: Any


def parse_local_time(text: str, tz: str, now: datetime) -> datetime:
    """Read an operator's time in the city's zone; empty means now.

    A wall time skipped by a spring-forward transition is refused, and one repeated by
    a fall-back transition must carry its offset, so no action is stored an hour off.
    """
    text = text.strip()
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise ActionInvalid(f"time {text!r} is not a time like 2026-06-06 14:30") from None
    if moment.tzinfo is None:
        moment = _localise(moment, ZoneInfo(tz))
    moment = moment.astimezone(UTC)
    if moment > now + CLOCK_SLACK:
        raise ActionInvalid(f"time {text!r} is in the future")
    return moment


def _localise(wall: datetime, zone: ZoneInfo) -> datetime:
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise ActionInvalid(f"{wall:%Y-%m-%d %H:%M} does not exist in {zone.key} (clocks moved)")
    if first.utcoffset() != second.utcoffset():
        offsets = " or ".join(f"{d:%z}" for d in (first, second))
        raise ActionInvalid(
            f"{wall:%Y-%m-%d %H:%M} happens twice in {zone.key}; add the offset ({offsets})"
        )
    return first


def build_event(
    req: ActionRequest,
    source: str,
    incident_ids: set[str],
    agency_ids: set[str],
    tz: str,
    now: datetime,
    supersedes: str | None = None,
) -> Event:
    """Return the event an action records, or raise ActionInvalid naming the bad input."""
    if not isinstance(req.key, str) or not KEY.match(req.key):
        raise ActionInvalid("the form is out of date; reload the page")
    if not isinstance(req.incident_id, str) or req.incident_id not in incident_ids:
        raise ActionInvalid(f"no incident {str(req.incident_id)[:80]!r}")
    if not isinstance(req.action, str) or req.action not in ACTIONS:
        raise ActionInvalid(f"unknown action {str(req.action)[:40]!r}")
    agency = req.agency or None
    if req.action != "note.added" and agency is None:
        raise ActionInvalid("choose the agency")
    if agency is not None and (not isinstance(agency, str) or agency not in agency_ids):
        raise ActionInvalid(f"unknown agency {str(agency)[:80]!r}")
    data = _data(req)
    if supersedes:
        data["supersedes"] = supersedes
    occurred_at = parse_local_time(req.time_text if isinstance(req.time_text, str) else "", tz, now)
    try:
        return Event(
            source=source,
            event_id=f"ui-{req.key}",
            type=req.action,
            occurred_at=occurred_at,
            incident_id=req.incident_id,
            agency=agency,
            data=data,
        )
    except ValidationError as exc:
        raise ActionInvalid(exc.errors()[0]["msg"]) from None


def _data(req: ActionRequest) -> dict[str, Any]:
    data: dict[str, Any] = {}
    note = req.note if isinstance(req.note, str) else ""
    if len(note) > NOTE_MAX:
        raise ActionInvalid(f"the note is longer than {NOTE_MAX} characters")
    if req.action == "note.added" and not note.strip():
        raise ActionInvalid("write the note")
    if note.strip():
        data["text"] = note.strip()
    if req.channel:
        if not isinstance(req.channel, str) or req.channel not in CHANNELS:
            raise ActionInvalid(f"unknown channel {str(req.channel)[:40]!r}")
        data["channel"] = req.channel
    return data

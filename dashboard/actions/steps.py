"""Step actions from the detail panel: a notification, a response step, or a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from pydantic import ValidationError

from dashboard.actions.times import ActionInvalid, parse_local_time
from dashboard.clock import city_time
from dashboard.domain import STEP_TABLE
from dashboard.ingest.models import Event

# One action per step that has an event, from the step table, then a note.
ACTIONS = {
    **{s.event: s.label.capitalize() for s in STEP_TABLE if s.event is not None},
    "note.added": "Note",
}
CHANNELS = ("phone", "radio", "email", "text message", "in person", "liaison", "other")
KEY = re.compile(r"^[0-9a-f]{32}$")
NOTE_MAX = 2000


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


def check_key(key: Any) -> str:
    """Return the form's idempotency key, or refuse a missing or forged one."""
    if not isinstance(key, str) or not KEY.match(key):
        raise ActionInvalid("the form is out of date; reload the page")
    return key


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
    check_key(req.key)
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


def step_event(
    req: ActionRequest,
    source: str,
    incident_ids: set[str],
    agency_ids: set[str],
    claims: pd.DataFrame,
    tz: str,
    now: datetime,
) -> Event:
    """Return the action's event, naming the operator's own earlier claim it corrects."""
    event = build_event(req, source, incident_ids, agency_ids, tz, now)
    # Only once the input is known good: look for the claim it supersedes.
    previous = previous_claim(claims, event)
    if previous is None:
        return event
    return build_event(req, source, incident_ids, agency_ids, tz, now, supersedes=previous)


def previous_claim(claims: pd.DataFrame, event: Event) -> str | None:
    """Return this source's current claim of the same step, which the new one corrects."""
    if event.step is None or claims.empty:
        return None
    mine = claims[
        (claims["incident_id"] == event.incident_id)
        & (claims["agency_id"] == event.agency)
        & (claims["step"] == event.step)
        & (claims["source"] == event.source)
    ]
    return str(mine["event_id"].iloc[-1]) if len(mine) else None


def step_confirmation(event: Event, duplicate: bool, agency_names: dict[str, str], tz: str) -> str:
    """Say what was recorded, with the agency's name and the time in city time."""
    verb = "Already recorded" if duplicate else "Recorded"
    agency = agency_names.get(event.agency, event.agency) if event.agency else None
    what = ACTIONS[event.type] + (f" for {agency}" if agency else "")
    return f"{verb}: {what} at {city_time(event.occurred_at, tz)}."


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

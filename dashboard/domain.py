"""One table per concept (kinds, statuses, steps); every other list derives from them.

Adding a step is one row of `STEP_TABLE` (plus its event type, if it has one): the
projection, the ingest literals, the alarms, the matrix and the API all read the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

REQUEST: Final = "assistance_requested"
START: Final = "start"  # a step measured from the incident's start: its lead time
# Where an incident whose point lies in no configured jurisdiction is (its city is "").
OUTSIDE: Final = "outside the configured region"


@dataclass(frozen=True)
class Kind:
    """A kind of incident, and whether local agencies are owed notice of it in advance."""

    name: str
    notice_due: bool


@dataclass(frozen=True)
class Status:
    """A status of an incident, and whether it is still open (live, can alarm)."""

    name: str
    label: str
    open: bool


@dataclass(frozen=True)
class Step:
    """One step of a notification track and the rules that read it.

    `acknowledges`: a claim of it shows the request for assistance was received.
    `finishes`: it ends the wait for an agency on scene.
    `since`: the step its elapsed time is measured from in the matrix, START for a lead
    time from the incident's start, None for no figure.
    `always_shown`: a matrix row even when nobody claimed it.
    """

    name: str
    event: str | None
    label: str
    acknowledges: bool = False
    finishes: bool = False
    since: str | None = None
    always_shown: bool = False


KIND_TABLE: Final = (
    Kind("operation", notice_due=True),
    Kind("staging", notice_due=True),
    # Protests are not announced, so nobody is owed notice of them.
    Kind("protest", notice_due=False),
)
STATUS_TABLE: Final = (
    Status("planned", "planned", open=True),
    Status("active", "active", open=True),
    Status("contained", "contained", open=True),
    Status("closed", "closed", open=False),
)
_Y, _N = True, False  # table cells
# The order is the order of a response; `declined` ends a track instead of `on_scene`.
STEP_TABLE: Final = tuple(Step(*row) for row in (
    # name          event type                   label                   ack finish since     shown
    ("notified",     "notification.sent",         "notified",             _N, _N, START,      _Y),
    ("acknowledged", "notification.acknowledged", "acknowledged",         _Y, _N, "notified", _Y),
    (REQUEST,        "assistance.requested",      "assistance requested", _N, _N, None,       _Y),
    ("dispatched",   "unit.dispatched",           "dispatched",           _Y, _N, REQUEST,    _N),
    ("en_route",     "unit.en_route",             "en route",             _Y, _N, REQUEST,    _N),
    ("on_scene",     "unit.on_scene",             "on scene",             _Y, _Y, REQUEST,    _Y),
    ("cleared",      "unit.cleared",              "cleared",              _Y, _Y, REQUEST,    _N),
    ("declined",     "response.declined",         "declined",             _Y, _Y, REQUEST,    _N),
))  # fmt: skip

KINDS: Final = tuple(k.name for k in KIND_TABLE)
NOTICE_DUE_KINDS: Final = tuple(k.name for k in KIND_TABLE if k.notice_due)
STATUSES: Final = tuple(s.name for s in STATUS_TABLE)
OPEN_STATUSES: Final = tuple(s.name for s in STATUS_TABLE if s.open)
STATUS_LABELS: Final = {s.name: s.label for s in STATUS_TABLE}
STEPS: Final = tuple(s.name for s in STEP_TABLE)
STEP_BY_NAME: Final = {s.name: s for s in STEP_TABLE}
STEP_LABELS: Final = {s.name: s.label for s in STEP_TABLE}
ACK_STEPS: Final = tuple(s.name for s in STEP_TABLE if s.acknowledges)
FINISH_STEPS: Final = tuple(s.name for s in STEP_TABLE if s.finishes)
ALWAYS_SHOWN_STEPS: Final = tuple(s.name for s in STEP_TABLE if s.always_shown)

INCIDENT_EVENTS: Final = ("incident.reported", "incident.updated", "incident.closed")
STEP_BY_EVENT: Final = {s.event: s.name for s in STEP_TABLE if s.event is not None}
EVENT_BY_STEP: Final = {step: event for event, step in STEP_BY_EVENT.items()}
# An admin's retraction of one stored event: the projection counts that event as absent
# (it stays in the log); retracting a retraction restores what it retracted.
RETRACTION: Final = "retraction"
EVENT_TYPES: Final = (*INCIDENT_EVENTS, *STEP_BY_EVENT, "note.added", RETRACTION)
# Incident fields belong to the source that reported the incident; an update from another
# source is kept as a claim and shown as a conflict. The command center (the browser's
# operators, sources "operator:<name>") runs the picture and may override.
COMMAND_CENTER_PREFIX: Final = "operator:"


def field_conflicts(text: object) -> list[dict]:
    """Return an incident's stored `conflicts` as a list of {field, source, value}."""
    return json.loads(text) if isinstance(text, str) and text else []


def conflict_lines(text: object) -> list[str]:
    """Describe each conflict for people: 'title disputed by B: "Other"'."""
    return [
        f"{c['field'].replace('_', ' ')} disputed by {c['source']}: {_claimed(c)}"
        for c in field_conflicts(text)
    ]


def _claimed(conflict: dict) -> str:
    # A city left empty is a point outside every jurisdiction: say so, not '""'.
    if conflict["field"] == "city" and conflict["value"] == "":
        return OUTSIDE
    return json.dumps(conflict["value"])


def require_aware(moment: datetime, what: str = "time") -> datetime:
    """Return the moment unchanged, refusing a naive datetime."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{what} must carry a timezone")
    return moment


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

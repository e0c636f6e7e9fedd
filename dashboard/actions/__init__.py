"""Operator actions: pure parse and validate of what a form sends, into one event each.

The callbacks only gather what the server knows (incidents, agencies, cities, the clock)
and append what these functions return; every refusal is an ActionInvalid whose message
the operator reads.
"""

from dashboard.actions.incidents import (
    STATUS_CHOICES,
    IncidentReport,
    StatusChange,
    coordinate,
    nearest_city,
    report_confirmation,
    report_event,
    status_confirmation,
    status_event,
)
from dashboard.actions.steps import (
    ACTIONS,
    CHANNELS,
    ActionRequest,
    build_event,
    previous_claim,
    step_confirmation,
    step_event,
)
from dashboard.actions.times import ActionInvalid, parse_local_time

__all__ = [
    "ACTIONS",
    "CHANNELS",
    "STATUS_CHOICES",
    "ActionInvalid",
    "ActionRequest",
    "IncidentReport",
    "StatusChange",
    "build_event",
    "coordinate",
    "nearest_city",
    "parse_local_time",
    "previous_claim",
    "report_confirmation",
    "report_event",
    "status_confirmation",
    "status_event",
    "step_confirmation",
    "step_event",
]

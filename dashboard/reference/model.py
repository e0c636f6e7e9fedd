"""What a jurisdiction and an agency row hold, and the checks shared by files and the API."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashboard.ingest.models import AGENCY_KINDS, CONTROL

JURISDICTION_KINDS = ("city", "county", "state", "tribal", "district")
IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:@/+-]{1,64}$")
JURISDICTION_FIELDS = (
    "id",
    "name",
    "kind",
    "state",
    "tz",
    "lat",
    "lon",
    "boundary",
    "boundary_approx",
)
AGENCY_FIELDS = ("id", "name", "kind", "jurisdictions")

Problems = list[tuple[str, str]]


def check_id(value: Any) -> str | None:
    """Return why `value` is not an id, or None."""
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        return "must be 1 to 64 letters, digits or _.:@/+-"
    return None


def check_name(value: Any) -> str | None:
    """Return why `value` is not a display name, or None."""
    if not isinstance(value, str) or not value or len(value) > 200:
        return "must be a non-empty text of at most 200 characters"
    found = CONTROL.search(value)
    if found:  # the same rule as every other text the API takes
        return f"contains the control character U+{ord(found.group()):04X}"
    return None


def check_tz(value: Any) -> str | None:
    """Return why `value` is not an IANA time zone name, or None."""
    if not isinstance(value, str) or not value:
        return "must be an IANA time zone name such as America/Los_Angeles"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r} (expected an IANA name such as America/Los_Angeles)"
    return None


def check_choice(value: Any, choices: tuple[str, ...]) -> str | None:
    """Return why `value` is not one of `choices`, or None."""
    if value not in choices:
        return f"must be one of {', '.join(choices)}"
    return None


def check_agency_kind(value: Any) -> str | None:
    """Return why `value` is not an agency kind, or None."""
    return check_choice(value, AGENCY_KINDS)

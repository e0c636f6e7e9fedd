"""One clock convention for people: city time with its zone abbreviation, UTC on hover."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

UTC_FORMAT = "%Y-%m-%d %H:%M:%S UTC"


def zone(tz: str | None) -> ZoneInfo:
    """Return a time zone by name; an unknown or empty name is UTC, never an error."""
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _aware(moment: datetime | pd.Timestamp) -> datetime:
    moment = pd.Timestamp(moment).to_pydatetime()
    # The store keeps UTC; SQLite hands it back naive.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A moment with its day in city time, as the list and the forms' confirmations show it.
CITY_DATETIME = "%b %d %H:%M:%S"


def city_time(moment: datetime | pd.Timestamp, tz: str | None, fmt: str = "%H:%M:%S") -> str:
    """Render a moment in the city's zone with its abbreviation, e.g. '14:30:00 PDT'."""
    local = _aware(moment).astimezone(zone(tz))
    return f"{local.strftime(fmt)} {local.tzname()}"


def utc_text(moment: datetime | pd.Timestamp) -> str:
    """Render a moment in UTC, for hover titles and exports."""
    return _aware(moment).astimezone(UTC).strftime(UTC_FORMAT)

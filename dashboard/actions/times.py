"""Times operators type: city time, blank for now, honest about DST transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

# A clock a little ahead of the server's is not an error; a time in the future is.
CLOCK_SLACK = timedelta(minutes=2)


class ActionInvalid(ValueError):
    """The action cannot be recorded; the message says why, for the operator."""


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

"""The analyst view's whole state as a URL query string, and back.

Pure: `parse` turns any query string into a valid `AnalyzeState` (a junk value is
dropped, never an error), `serialize` writes the state with its defaults left out, and
`parse(serialize(state)) == state` for every state. Lists are repeated keys
(`kind=protest&kind=staging`), times RFC 3339 in UTC (`from=2026-06-06T21:32:00Z`).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict

from dashboard.domain import KINDS, STATUSES
from dashboard.rules.filters import ViewFilter
from dashboard.rules.notice import NOTICE_STATES

# The windows offered, newest events within the last so many hours; "custom" is from/to.
WINDOWS: dict[str, float | None] = {"1h": 1.0, "6h": 6.0, "24h": 24.0, "7d": 168.0, "custom": None}
DEFAULT_WINDOW = "24h"
MAP_MODES = ("points", "heat")
BASES = ("known", "happened")
MAX_ID_CHARS = 128
MAX_SELECTED = 2000  # a lasso of more points than this is not kept in a link
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
LIST_KEYS = {
    "kind": "kinds",
    "status": "statuses",
    "city": "cities",
    "agency": "agencies",
    "notice": "notice",
    "source": "sources",
    "sel": "selection",
}
ALLOWED = {"kinds": KINDS, "statuses": STATUSES, "notice": NOTICE_STATES}


class AnalyzeState(BaseModel):
    """Everything the analyst view shows: filters, selection, playback, map view."""

    model_config = ConfigDict(frozen=True)

    window: str = DEFAULT_WINDOW
    start: datetime | None = None  # the custom range, UTC
    end: datetime | None = None
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    notice: tuple[str, ...] = ()
    disputed: bool | None = None
    sources: tuple[str, ...] = ()
    selection: tuple[str, ...] = ()
    mode: str = "points"
    at: datetime | None = None  # playback time; None is live
    basis: Literal["known", "happened"] = "known"
    lat: float | None = None
    lon: float | None = None
    zoom: float | None = None

    def view_filter(self, now: datetime) -> ViewFilter:
        """Return the ViewFilter of these choices, the window made a range ending `now`."""
        start, end = self.range(now)
        return ViewFilter(
            kinds=self.kinds,
            statuses=self.statuses,
            cities=self.cities,
            agencies=self.agencies,
            notice=self.notice,
            disputed=self.disputed,
            sources=self.sources,
            start=start,
            end=end,
        )

    def range(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """Return the time range of the window: the last so many hours, or the custom one."""
        hours = WINDOWS.get(self.window)
        if hours is None:
            return self.start, self.end
        return now - timedelta(hours=hours), None

    def key(self) -> str:
        """Return a stable text naming the data this state shows (not the map's view)."""
        return self.model_copy(update={"lat": None, "lon": None, "zoom": None}).model_dump_json()


def parse(search: Any) -> AnalyzeState:
    """Read a query string (with or without '?'); anything unknown or malformed is dropped."""
    if not isinstance(search, str):
        return AnalyzeState()
    try:
        query = parse_qs(search.lstrip("?"), keep_blank_values=False, max_num_fields=5000)
    except ValueError:
        return AnalyzeState()
    return from_values(query)


def from_values(query: dict[str, Any]) -> AnalyzeState:
    """Build a state from lists of raw values per URL key (what parse_qs gives)."""

    def first(key: str) -> Any:
        values = query.get(key)
        return values[0] if isinstance(values, list | tuple) and values else values

    found: dict[str, Any] = {}
    for key, field in LIST_KEYS.items():
        found[field] = chosen(query.get(key), ALLOWED.get(field))
    found["selection"] = found["selection"][:MAX_SELECTED]
    window = first("window")
    found["window"] = window if window in WINDOWS else DEFAULT_WINDOW
    found["start"], found["end"] = moment(first("from")), moment(first("to"))
    if found["window"] != "custom":
        found["start"] = found["end"] = None
    found["disputed"] = {"yes": True, "no": False}.get(first("disputed"))
    found["mode"] = first("map") if first("map") in MAP_MODES else "points"
    found["at"] = moment(first("at"))
    found["basis"] = first("basis") if first("basis") in BASES else "known"
    found["lat"] = number(first("lat"), -90, 90)
    found["lon"] = number(first("lon"), -180, 180)
    found["zoom"] = number(first("zoom"), 0, 22)
    return AnalyzeState(**found)


def serialize(state: AnalyzeState) -> str:
    """Write the state as '?key=value&…' with defaults left out ('' for the default view)."""
    pairs: list[tuple[str, str]] = []
    if state.window != DEFAULT_WINDOW:
        pairs.append(("window", state.window))
    for key, value in (("from", state.start), ("to", state.end)):
        if value is not None:
            pairs.append((key, stamp(value)))
    for key, field in LIST_KEYS.items():
        pairs.extend((key, v) for v in getattr(state, field))
    if state.disputed is not None:
        pairs.append(("disputed", "yes" if state.disputed else "no"))
    if state.mode != "points":
        pairs.append(("map", state.mode))
    if state.at is not None:
        pairs.append(("at", stamp(state.at)))
    if state.basis != "known":
        pairs.append(("basis", state.basis))
    for key in ("lat", "lon", "zoom"):
        value = getattr(state, key)
        if value is not None:
            pairs.append((key, repr(value)))
    return "?" + urlencode(pairs) if pairs else ""


def chosen(values: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Keep the distinct plain strings (known ones, when `allowed`), in the order given."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    kept = [
        v
        for v in values
        if isinstance(v, str)
        and 0 < len(v) <= MAX_ID_CHARS
        and v.isprintable()
        and (allowed is None or v in allowed)
    ]
    return tuple(dict.fromkeys(kept))


def moment(value: Any) -> datetime | None:
    """Read an RFC 3339 time with a zone as UTC (whole seconds); None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None
    try:
        found = parsed.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        return None
    return found if EARLIEST <= found < LATEST else None


def stamp(value: datetime) -> str:
    """Write a time the way `moment` reads it: UTC, whole seconds, 'Z'."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def number(value: Any, low: float, high: float) -> float | None:
    """Read a finite number within [low, high], rounded to 5 places; None otherwise."""
    try:
        found = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(found) or not low <= found <= high:
        return None
    return round(found, 5)


def local_moment(text: Any, zone: str) -> datetime | None:
    """Read a typed local time ('2026-06-06 14:32') in `zone` as UTC; None if junk.

    A time the clocks skip or repeat takes the earlier reading (fold 0): a window's edge.
    """
    if not isinstance(text, str) or len(text) > 32:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return moment(text)
    return moment(naive.replace(tzinfo=_zone(zone)).isoformat())


def local_text(value: datetime | None, zone: str) -> str | None:
    """Write a UTC moment as the local time `local_moment` reads, in `zone`."""
    if value is None:
        return None
    return value.astimezone(_zone(zone)).strftime("%Y-%m-%d %H:%M")


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC

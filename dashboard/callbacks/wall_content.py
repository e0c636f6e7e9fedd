"""What the wall shows for its cities now: the city in turn, the map, tiles and panels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard.domain import REQUEST
from dashboard.figures.alarms import alarm_tile
from dashboard.figures.short_names import agency_short
from dashboard.figures.wall import wall_map
from dashboard.figures.wall_alarms import alarm_rows
from dashboard.figures.wall_panels import (
    board_rows,
    requests_tile,
    ticker_rows,
    wall_tiles,
)
from dashboard.read.live_view import ids_digest
from dashboard.read.map_layers import jurisdiction_layers
from dashboard.read.tracking import ALARM_BUCKET_S, agency_names
from dashboard.read.views import counts, current_style, freshness_info
from dashboard.read.wall_view import (
    agency_board,
    alarm_notices,
    alarmed_cities,
    open_requests,
    ticker_events,
    wall_alarms,
    wall_incidents,
)
from dashboard.rules.rotation import next_city, rotating
from dashboard.runtime import Runtime
from dashboard.security import current_identity
from dashboard.security.kiosks import MIN_ROTATE_S, kiosk_rotation


@dataclass
class WallContent:
    """Everything one redraw of the wall sends."""

    figure: go.Figure | None  # None when the tick sends a patch instead
    kpis: list[html.Div]
    alarms: list[html.Div | html.H2]
    ticker: list[html.Div]
    board: list[html.Div]
    city: str
    state: dict[str, Any]
    silent: list[dict[str, str | None]]


def wall_scope(rt: Runtime, search: Any = None) -> tuple[list[str] | None, int | None]:
    """Return the wall's cities and rotation period in seconds (None: all cities at once).

    A kiosk's come from its session, never from the browser. A signed-in user may choose
    with `?cities=a,b&rotate=30` (they may see every city anyway); unknown cities and a
    period under MIN_ROTATE_S are ignored.
    """
    identity = current_identity()
    if identity is not None and identity.kind == "kiosk":
        cities = list(identity.cities) or None
        return cities, kiosk_rotation(rt.store.engine, identity.name)
    asked = parse_qs(search.lstrip("?")) if isinstance(search, str) else {}
    known = rt.city_names()
    chosen = [c for v in asked.get("cities", []) for c in v.split(",") if c in known]
    rotate = asked.get("rotate", [""])[0]
    period = int(rotate) if rotate.isdigit() and int(rotate) >= MIN_ROTATE_S else None
    return list(dict.fromkeys(chosen)) or None, period


def tick_timeout_ms(refresh_ms: int) -> int:
    """Return how long the wall waits for one answer before counting the tick missed."""
    return max(3 * refresh_ms, 4000)


def heartbeat(rt: Runtime) -> dict[str, Any]:
    """Return the freshness info of a tick, with how long the wall waits for an answer."""
    info = freshness_info(rt)
    return {**info, "offline_after_ms": tick_timeout_ms(rt.config.refresh_ms) + info["refresh_ms"]}


def pick_city(
    rt: Runtime,
    cities: list[str] | None,
    rotate: int | None,
    shown: str | None,
    since: float,
    now: datetime,
) -> str | None:
    """Return the city a rotating wall shows now (None: all its cities at once)."""
    if not cities or not rotating(cities, rotate):
        return None
    alarmed = alarmed_cities(wall_alarms(rt, cities, now))
    return next_city(cities, shown, now.timestamp() - since, int(rotate or 0), alarmed)


def scope_text(rt: Runtime, cities: list[str] | None, city: str | None) -> str:
    """Name what the wall shows: the city in turn, or all its cities."""
    names = rt.city_names()
    if city:
        return names.get(city, city)
    return ", ".join(names.get(c, c) for c in cities) if cities else "All cities"


def silent_sources(alarms: pd.DataFrame) -> list[dict[str, str | None]]:
    """Return each silent source with its newest event's time, for the banner to count from."""
    quiet = alarms[alarms["kind"] == "source_silent"].sort_values("source")
    return [
        {"source": str(s), "since": None if pd.isna(t) else pd.Timestamp(t).isoformat()}
        for s, t in zip(quiet["source"], quiet["since"], strict=True)
    ]


def scope_key(cities: list[str] | None, rotate: int | None) -> str:
    """Name a wall's cities and rotation, so a tick notices when they changed."""
    return f"{','.join(cities or [])}/{rotate or 0}"


def content(
    rt: Runtime,
    cities: list[str] | None,
    rotate: int | None,
    city: str | None,
    since: float,
    width_px: float | None,
    now: datetime,
    visible: pd.DataFrame | None = None,
    with_figure: bool = True,
) -> WallContent:
    """Build the wall's map (unless patched instead), tiles and panels for the city shown."""
    shown = [city] if city else cities
    if visible is None:
        visible = wall_incidents(rt, shown, now)
    alarms = wall_alarms(rt, shown, now)
    ref = rt.reference()
    titles = rt.picture.incidents["title"].astype(str).to_dict()
    names = agency_names(rt)
    short = {a: agency_short(n) for a, n in names.items()}
    requests = open_requests(rt, visible)
    tiles = [
        alarm_tile(alarms, titles, names),
        *wall_tiles(counts(rt, visible)),
        requests_tile(requests, now, f"{REQUEST}_at"),
    ]
    events = ticker_events(rt, shown)
    state = {
        "scope": scope_key(cities, rotate),
        "city": city,
        "since": since,
        "bucket": int(now.timestamp()) // ALARM_BUCKET_S,
        "width": width_px,
        "ids": ids_digest(visible["id"]),
        "at": now.astimezone(UTC).timestamp(),
    }
    return WallContent(
        figure=(
            wall_map(
                visible,
                current_style(rt, dark=True),
                width_px or 1920,
                city or "all",
                jurisdiction_layers(rt, wall=True),
            )
            if with_figure
            else None
        ),
        kpis=tiles,
        alarms=alarm_rows(
            alarms, titles, dict(ref.city_names), now, short, alarm_notices(rt, alarms, now)
        ),
        board=board_rows(agency_board(rt, visible, alarms, now), names, now),
        ticker=ticker_rows(events, titles, names, dict(ref.city_names), dict(ref.city_tz)),
        city=scope_text(rt, cities, city),
        state=state,
        silent=silent_sources(alarms),
    )

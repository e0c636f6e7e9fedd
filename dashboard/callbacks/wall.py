"""The wall's live tick: new tiles and map when the picture changed, nothing otherwise."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.wall import wall_map
from dashboard.read.views import counts, current_style, freshness_info, visible_incidents
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, current_identity, guarded_callback

WALL_OUTPUTS = [
    Output(ids.WALL_MAP, "figure"),
    Output(ids.WALL_KPIS, "children"),
    Output(ids.WALL_SEQ, "data"),
    Output(ids.FRESHNESS_INFO, "data", allow_duplicate=True),
]


def wall_cities() -> list[str] | None:
    """Return the cities the wall may show: a kiosk's own, taken from its session."""
    identity = current_identity()
    return list(identity.cities) if identity and identity.cities else None


def wall_scope(rt: Runtime, cities: list[str] | None) -> str:
    """Name the cities on the wall."""
    names = rt.city_names()
    return ", ".join(names.get(c, c) for c in cities) if cities else "All cities"


def tick(_n: int | None, width: Any, client_seq: int | None) -> tuple:
    """Redraw the wall when anything changed after the client's seq, or its size changed."""
    rt = runtime()
    visible = visible_incidents(rt, wall_cities())
    resized = ctx.triggered_id == ids.WALL_VIEWPORT
    if not resized and isinstance(client_seq, int) and rt.store.latest_seq() <= client_seq:
        return (no_update,) * 3 + (freshness_info(rt, visible),)
    width_px = float(width) if isinstance(width, int | float) and width > 0 else 1920.0
    return (
        wall_map(visible, current_style(rt, dark=True), width_px),
        kpi_tiles(counts(rt, visible)),
        rt.picture.seq,
        freshness_info(rt, visible),
    )


def register(app: Dash) -> None:
    """Wire the wall; cities come from the session, never from the browser."""
    guarded_callback(
        app,
        Permission.WALL,
        WALL_OUTPUTS,
        Input(ids.WALL_TICK, "n_intervals"),
        Input(ids.WALL_VIEWPORT, "data"),
        State(ids.WALL_SEQ, "data"),
        prevent_initial_call=True,
    )(tick)
    # The display's width, so a 4K wall gets a map zoomed to match (runs in the browser).
    app.clientside_callback(
        "function(_n, current) { const w = window.innerWidth;"
        " return w === current ? window.dash_clientside.no_update : w; }",
        Output(ids.WALL_VIEWPORT, "data"),
        Input(ids.WALL_TICK, "n_intervals"),
        State(ids.WALL_VIEWPORT, "data"),
    )

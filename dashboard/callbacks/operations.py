"""Callbacks of the operations view: the live tick and selection (detail: callbacks.detail)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.figures.incident_list import incident_rows, row_transaction
from dashboard.figures.incident_map import incident_map, map_patch
from dashboard.figures.kpi import kpi_tiles
from dashboard.read.views import (
    counts,
    current_style,
    freshness_info,
    visible_incidents,
)
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback

TICK_OUTPUTS = [
    Output(ids.OPS_MAP, "figure"),
    Output(ids.OPS_GRID, "rowData"),
    Output(ids.OPS_GRID, "rowTransaction"),
    Output(ids.OPS_KPIS, "children"),
    Output(ids.OPS_SEQ, "data"),
    Output(ids.FRESHNESS_INFO, "data"),
]


def tick(_n: int | None, cities: list[str] | None, client_seq: int | None) -> tuple:
    """Apply what changed after the client's seq; an unchanged tick touches no SQL."""
    rt = runtime()
    if ctx.triggered_id == ids.OPS_CITY or not isinstance(client_seq, int):
        return full_refresh(cities)
    if rt.store.latest_seq() <= client_seq:
        # The heartbeat alone tells the browser the server is reachable.
        return (no_update,) * 5 + (freshness_info(rt, rt.picture.incidents),)
    rt.picture.sync()
    visible = visible_incidents(rt, cities)
    changed = visible[visible["last_seq"] > client_seq]
    if rt.picture.layout_changed_at > client_seq:
        return full_refresh(cities)
    info = freshness_info(rt, visible)
    if changed.empty:
        return (no_update,) * 4 + (rt.picture.seq, info)
    patch = map_patch(visible, changed, client_seq)
    if patch is None:
        return full_refresh(cities)
    return (
        patch,
        no_update,
        row_transaction(changed, client_seq, rt.city_names(), rt.city_zones()),
        kpi_tiles(counts(rt, visible)),
        rt.picture.seq,
        info,
    )


def full_refresh(cities: list[str] | None) -> tuple:
    """Rebuild map, list and tiles for the chosen cities."""
    rt = runtime()
    rt.picture.sync()
    visible = visible_incidents(rt, cities)
    figure = incident_map(visible, current_style(rt))
    return (
        figure,
        incident_rows(visible, rt.city_names(), rt.city_zones()),
        no_update,
        kpi_tiles(counts(rt, visible)),
        rt.picture.seq,
        freshness_info(rt, visible),
    )


def select(click: dict | None, cell: dict | None) -> str:
    """Return the incident id picked on the map or in the list."""
    if ctx.triggered_id == ids.OPS_MAP and click and click.get("points"):
        picked = click["points"][0].get("customdata")
    elif ctx.triggered_id == ids.OPS_GRID and cell:
        picked = cell.get("rowId")
    else:
        raise PreventUpdate
    if not isinstance(picked, str):
        raise PreventUpdate
    return picked


def register(app: Dash) -> None:
    """Wire the operations view."""
    guarded_callback(
        app,
        Permission.READ,
        TICK_OUTPUTS,
        Input(ids.OPS_TICK, "n_intervals"),
        Input(ids.OPS_CITY, "value"),
        State(ids.OPS_SEQ, "data"),
        prevent_initial_call=True,
    )(tick)
    app.clientside_callback(
        ClientsideFunction("headsup_map", "glyphs"),
        Output(ids.OPS_MAP, "figure", allow_duplicate=True),
        Input(ids.OPS_MAP, "relayoutData"),
        State(ids.OPS_MAP, "figure"),
        prevent_initial_call=True,
    )
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_SELECTED, "data"),
        Input(ids.OPS_MAP, "clickData"),
        Input(ids.OPS_GRID, "cellClicked"),
        prevent_initial_call=True,
    )(select)

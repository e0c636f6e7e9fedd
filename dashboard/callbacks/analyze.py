"""Callbacks of the analyst view: the URL is the state; one render per state change.

`sync` keeps the controls and the URL's query string one and the same state (a shared
link restores the view; a control change rewrites the link). `render` draws the map,
tiles and charts of that state; `rows` answers the grid's block requests from the same
read model, kept per state and seq, so paging never recomputes the view.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import analyze_render as draw
from dashboard.pages import analyze as page
from dashboard.read.analyze_view import analyst_view
from dashboard.read.tracking import source_freshness
from dashboard.rules.analyze_url import (
    AnalyzeState,
    from_values,
    local_moment,
    local_text,
    parse,
    serialize,
)
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, current_identity, guarded_callback

CONTROLS = (
    ids.ANALYZE_WINDOW,
    ids.ANALYZE_FROM,
    ids.ANALYZE_TO,
    ids.ANALYZE_KIND,
    ids.ANALYZE_STATUS,
    ids.ANALYZE_CITY,
    ids.ANALYZE_AGENCY,
    ids.ANALYZE_NOTICE,
    ids.ANALYZE_DISPUTED,
    ids.ANALYZE_SOURCE,
    ids.ANALYZE_MAP_MODE,
    ids.ANALYZE_BASIS,
    ids.ANALYZE_PLAY_AT,
)
BLOCK_MAX = 500  # most rows one block request may ask for


def page_layout(rt: Runtime) -> html.Div:
    """Build the analyst view; export buttons only for a session that may export."""
    identity = current_identity()
    # No identity only while the validation layout is built: it must name every id.
    exports = identity is None or identity.may(Permission.EXPORT)
    sources = source_freshness(rt)["source"].astype(str).tolist()
    return page.layout(rt.jurisdictions(), rt.agencies(), sources, exports)


def zone_of(rt: Runtime, cities: tuple[str, ...]) -> str:
    """Return the time zone custom times are read in: the one chosen city's, else UTC."""
    return rt.city_tz(cities[0]) if len(cities) == 1 else "UTC"


def control_values(rt: Runtime, state: AnalyzeState) -> list[Any]:
    """Return what each control shows for `state`, in CONTROLS order."""
    zone = zone_of(rt, state.cities)
    disputed = "any" if state.disputed is None else "yes" if state.disputed else "no"
    at = int(state.at.timestamp()) if state.at is not None else None
    return [
        state.window, local_text(state.start, zone), local_text(state.end, zone),
        list(state.kinds), list(state.statuses), list(state.cities), list(state.agencies),
        list(state.notice), disputed, list(state.sources), state.mode, state.basis, at,
    ]  # fmt: skip


def state_of_controls(
    rt: Runtime, values: list[Any], before: AnalyzeState, selected: Any, relayout: Any
) -> AnalyzeState:
    """Return the state the controls show, the selection and map view carried over."""
    named = dict(zip(CONTROLS, values, strict=True))
    cities = named[ids.ANALYZE_CITY]
    zone = zone_of(rt, tuple(c for c in cities or () if isinstance(c, str))[:2])
    start = local_moment(named[ids.ANALYZE_FROM], zone)
    end = local_moment(named[ids.ANALYZE_TO], zone)
    at = named[ids.ANALYZE_PLAY_AT]
    query = {
        "window": [named[ids.ANALYZE_WINDOW]], "kind": named[ids.ANALYZE_KIND],
        "status": named[ids.ANALYZE_STATUS], "city": cities,
        "agency": named[ids.ANALYZE_AGENCY], "notice": named[ids.ANALYZE_NOTICE],
        "disputed": [named[ids.ANALYZE_DISPUTED]], "source": named[ids.ANALYZE_SOURCE],
        "map": [named[ids.ANALYZE_MAP_MODE]], "basis": [named[ids.ANALYZE_BASIS]],
        "from": [start.isoformat()] if start else [], "to": [end.isoformat()] if end else [],
        "at": [_at_text(at)] if _at_text(at) else [],
        "sel": list(before.selection), "lat": [before.lat], "lon": [before.lon],
        "zoom": [before.zoom],
    }  # fmt: skip
    if ctx.triggered_id == ids.ANALYZE_MAP and "selectedData" in _props():
        query["sel"] = selected_ids(selected)
    if ctx.triggered_id == ids.ANALYZE_MAP and isinstance(relayout, dict):
        center = relayout.get("map.center")
        if isinstance(center, dict):
            query["lat"], query["lon"] = [center.get("lat")], [center.get("lon")]
        if "map.zoom" in relayout:
            query["zoom"] = [relayout["map.zoom"]]
    return from_values(query)


def _props() -> set[str]:
    return {key.rsplit(".", 1)[-1] for key in ctx.triggered_prop_ids}


def _at_text(at: Any) -> str | None:
    if isinstance(at, int | float) and not isinstance(at, bool) and 0 < at < 4102444800:
        return datetime.fromtimestamp(at, UTC).isoformat()
    return None


def selected_ids(selected: Any) -> list[str]:
    """Return the incident ids a lasso or box selection picked ([] for none)."""
    if not isinstance(selected, dict) or not isinstance(selected.get("points"), list):
        return []
    return [
        p["customdata"]
        for p in selected["points"]
        if isinstance(p, dict) and isinstance(p.get("customdata"), str)
    ]


def sync(search: Any, *args: Any) -> tuple:
    """Keep controls and URL one state: a URL restores the controls, a control the URL."""
    *values, selected, relayout, _reset, _live, held = args
    rt = runtime()
    trigger = ctx.triggered_id
    if trigger is None or trigger == ids.ANALYZE_URL:
        state = parse(search)
        return (*control_values(rt, state), no_update, serialize(state))
    if trigger == ids.ANALYZE_RESET:
        state = AnalyzeState()
        return (*control_values(rt, state), "", "")
    before = parse(held)
    if trigger == ids.ANALYZE_MAP and "relayoutData" in _props() and not _moved(relayout):
        raise PreventUpdate
    state = state_of_controls(rt, list(values), before, selected, relayout)
    if trigger == ids.ANALYZE_LIVE:
        state = state.model_copy(update={"at": None})
    controls: list[Any] = [no_update] * len(CONTROLS)
    if trigger == ids.ANALYZE_LIVE:
        controls[CONTROLS.index(ids.ANALYZE_PLAY_AT)] = None
    query = serialize(state)
    return (*controls, query, query)


def _moved(relayout: Any) -> bool:
    return isinstance(relayout, dict) and ("map.center" in relayout or "map.zoom" in relayout)


def rows(request: Any, held: Any) -> dict[str, Any]:
    """Answer one block of the grid: the rows [startRow, endRow) in the asked order."""
    if not isinstance(request, dict):
        raise PreventUpdate
    start = request.get("startRow")
    end = request.get("endRow")
    if not isinstance(start, int) or not isinstance(end, int) or start < 0 or end <= start:
        raise PreventUpdate
    rt = runtime()
    view = analyst_view(rt, parse(held))
    block = draw.block(rt, view, request.get("sortModel"), start, min(end, start + BLOCK_MAX))
    return {"rowData": block, "rowCount": len(view.rows)}


def register(app: Dash) -> None:
    """Wire the analyst view."""
    guarded_callback(
        app,
        Permission.READ,
        *[Output(c, "value") for c in CONTROLS],
        Output(ids.ANALYZE_URL, "search"),
        Output(ids.ANALYZE_STATE, "data"),
        Input(ids.ANALYZE_URL, "search"),
        *[Input(c, "value") for c in CONTROLS],
        Input(ids.ANALYZE_MAP, "selectedData"),
        Input(ids.ANALYZE_MAP, "relayoutData"),
        Input(ids.ANALYZE_RESET, "n_clicks"),
        Input(ids.ANALYZE_LIVE, "n_clicks"),
        State(ids.ANALYZE_STATE, "data"),
    )(sync)
    guarded_callback(
        app,
        Permission.READ,
        *draw.OUTPUTS,
        Input(ids.ANALYZE_STATE, "data"),
        State(ids.ANALYZE_RENDERED, "data"),
        prevent_initial_call=True,
    )(draw.render)
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.ANALYZE_GRID, "getRowsResponse"),
        Input(ids.ANALYZE_GRID, "getRowsRequest"),
        State(ids.ANALYZE_STATE, "data"),
        prevent_initial_call=True,
    )(rows)
    app.clientside_callback(
        ClientsideFunction("headsup_analyze", "refreshGrid"),
        Output(ids.ANALYZE_GRID_PURGED, "data"),
        Input(ids.ANALYZE_RENDERED, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("headsup_analyze", "play"),
        Output(ids.ANALYZE_PLAY_TICK, "disabled"),
        Output(ids.ANALYZE_PLAY, "children"),
        Output(ids.ANALYZE_PLAY_AT, "value", allow_duplicate=True),
        Input(ids.ANALYZE_PLAY, "n_clicks"),
        State(ids.ANALYZE_PLAY_TICK, "disabled"),
        State(ids.ANALYZE_PLAY_AT, "value"),
        State(ids.ANALYZE_PLAY_AT, "min"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("headsup_analyze", "step"),
        Output(ids.ANALYZE_PLAY_AT, "value", allow_duplicate=True),
        Output(ids.ANALYZE_PLAY_TICK, "disabled", allow_duplicate=True),
        Output(ids.ANALYZE_PLAY, "children", allow_duplicate=True),
        Input(ids.ANALYZE_PLAY_TICK, "n_intervals"),
        State(ids.ANALYZE_PLAY_AT, "value"),
        State(ids.ANALYZE_PLAY_AT, "min"),
        State(ids.ANALYZE_PLAY_AT, "max"),
        State(ids.ANALYZE_PLAY_SPEED, "value"),
        State(ids.ANALYZE_PLAY_TICK, "interval"),
        prevent_initial_call=True,
    )

"""Callbacks of the operations view: the live tick, filters, lasso and selection.

The detail panel is callbacks.detail. One view filter (rules/filters.py) drives the map,
the list and the tiles; a lasso or box selection narrows the list and the tiles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.figures.incident_list import incident_rows, row_transaction
from dashboard.figures.incident_map import incident_map, map_patch, ringed, select_patch
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.setup import setup_checklist
from dashboard.pages import operations as page
from dashboard.read.live_view import (
    ids_digest,
    listed,
    may_have_expired,
    view_incidents,
)
from dashboard.read.setup import setup_pending
from dashboard.read.tracking import alarm_panel, stats_panel
from dashboard.read.views import counts, current_style, freshness_info, row_labels
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, guarded_callback

FILTERS = (
    ids.OPS_KIND,
    ids.OPS_STATUS,
    ids.OPS_CITY,
    ids.OPS_AGENCY,
    ids.OPS_NOTICE,
    ids.OPS_WINDOW,
)
TICK_OUTPUTS = [
    Output(ids.OPS_MAP, "figure"),
    Output(ids.OPS_GRID, "rowData"),
    Output(ids.OPS_GRID, "rowTransaction"),
    Output(ids.OPS_KPIS, "children"),
    Output(ids.OPS_SEQ, "data"),
    Output(ids.FRESHNESS_INFO, "data"),
    Output(ids.OPS_VIEW, "data"),
]


def rings_digest(incidents: Any, selected: str | None) -> str:
    """Return an order-free digest of which incidents are ringed, and why."""
    rows = ringed(incidents, selected)
    why = rows["selected"].astype(int).astype(str) + rows["alarmed"].astype(int).astype(str)
    return ids_digest(rows["id"].astype(str) + ":" + why)


def lasso_key(lasso: Any) -> str:
    """Return an order-free digest of the ids a lasso or box selection picked ("" for none)."""
    if not isinstance(lasso, dict) or not isinstance(lasso.get("points"), list):
        return ""
    return ids_digest(pd.Series(sorted(set(listed_ids(lasso)))))


def listed_ids(lasso: dict) -> list[str]:
    return [
        p["customdata"]
        for p in lasso["points"]
        if isinstance(p, dict) and isinstance(p.get("customdata"), str)
    ]


def view_state(
    view: ViewFilter,
    now: datetime,
    incidents: Any,
    lasso: Any = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """Return what the client holds: the map's filter, as of when, which ids; the list's lasso.

    The lasso digest is how a tick knows the list is not yet narrowed: the renderer drops
    a pending response when the next interval fires, so the tick that carried the new
    selection may never reach the browser, and the following ticks must redo it.
    `rings` names the ringed incidents the client draws, so a tick re-sends the ring
    traces only when they change (at 10k incidents they are most of a changed tick).
    """
    return {
        "key": view.key(),
        "at": now.timestamp(),
        "ids": ids_digest(incidents["id"]),
        "rings": rings_digest(incidents, selected),
        "lasso": lasso_key(lasso),
    }


def page_layout(rt: Runtime) -> html.Div:
    """Build the operations view for the router (no filter, no selection)."""
    now = datetime.now(UTC)
    view = ViewFilter()
    visible = view_incidents(rt, view, now)
    return page.layout(
        visible,
        counts(rt, visible),
        current_style(rt),
        rt.picture.seq,
        rt.jurisdictions(),
        rt.config.refresh_ms,
        alarm_tile=alarm_panel(rt, None),
        stats=stats_panel(rt, None),
        agencies=rt.agencies(),
        view=view_state(view, now, visible),
        setup=setup_checklist(setup_pending(rt)),
    )


def setup_progress(_n: Any) -> list:
    """Tick off the first-start steps as they are done; empty once the first event is in."""
    return setup_checklist(setup_pending(runtime()))


def tick(_n: Any, reset_clicks: Any, lasso: Any, *args: Any) -> tuple:
    """Apply what changed after the client's seq; an unchanged tick touches no SQL."""
    *controls, client_seq, selected, state = args
    rt = runtime()
    view = ViewFilter.from_controls(*controls)
    selected = selected if isinstance(selected, str) else None
    # The renderer merges a pending tick with a user's change: look at every trigger.
    triggered = set(ctx.triggered_prop_ids.values())
    if (
        triggered & {*FILTERS, ids.OPS_RESET}
        or not isinstance(client_seq, int)
        or not isinstance(state, dict)
        or state.get("key") != view.key()
        or not isinstance(state.get("at"), int | float)
    ):
        return full_refresh(rt, view, lasso, selected, reset_clicks)
    if ids.OPS_MAP in triggered or state.get("lasso") != lasso_key(lasso):
        # The seq stays: a merged tick's changes come with the next one.
        return list_refresh(rt, view, lasso, state)
    now = datetime.now(UTC)
    if rt.store.latest_seq() <= client_seq and not may_have_expired(rt, view, state["at"], now):
        # The heartbeat alone tells the browser the server is reachable.
        return (no_update,) * 5 + (freshness_info(rt, rt.picture.incidents), no_update)
    visible = view_incidents(rt, view, now)
    held = visible[visible["first_seq"] <= client_seq]
    if rt.picture.layout_changed_at > client_seq or ids_digest(held["id"]) != state.get("ids"):
        # Something entered or left the view other than as a new incident: redraw whole.
        return full_refresh(rt, view, lasso, selected, reset_clicks)
    changed = visible[visible["last_seq"] > client_seq]
    info = freshness_info(rt, visible)
    new_state = view_state(view, now, visible, lasso, selected)
    if changed.empty:
        return (no_update,) * 4 + (rt.picture.seq, info, new_state)
    rings = new_state["rings"] != state.get("rings") or bool(
        changed["id"].isin(ringed(visible, selected)["id"]).any()
    )
    patch = map_patch(visible, changed, client_seq, selected, rings=rings)
    if patch is None:
        return full_refresh(rt, view, lasso, selected, reset_clicks)
    rows = listed(visible, lasso)
    return (
        patch,
        no_update,
        row_transaction(listed(changed, lasso), client_seq, row_labels(rt)),
        kpi_tiles(counts(rt, rows)),
        rt.picture.seq,
        info,
        new_state,
    )


def full_refresh(
    rt: Runtime, view: ViewFilter, lasso: Any, selected: str | None, reset_clicks: Any
) -> tuple:
    """Rebuild map, list and tiles for the view; a new filter or a reset refits the map.

    The uirevision names the filter and the resets, so Plotly drops the user's zoom and
    lasso outline exactly when one of them changes, and keeps them across live ticks.
    """
    now = datetime.now(UTC)
    visible = view_incidents(rt, view, now)
    resets = reset_clicks if isinstance(reset_clicks, int) else 0
    figure = incident_map(
        visible, current_style(rt), uirevision=f"ops:{view.key()}:{resets}", selected=selected
    )
    rows = listed(visible, lasso)
    return (
        figure,
        incident_rows(rows, row_labels(rt)),
        no_update,
        kpi_tiles(counts(rt, rows)),
        rt.picture.seq,
        freshness_info(rt, visible),
        view_state(view, now, visible, lasso, selected),
    )


def list_refresh(rt: Runtime, view: ViewFilter, lasso: Any, state: dict[str, Any]) -> tuple:
    """Narrow the list and the tiles to a lasso or box selection; the map keeps its points."""
    visible = view_incidents(rt, view, datetime.now(UTC))
    rows = listed(visible, lasso)
    return (
        no_update,
        incident_rows(rows, row_labels(rt)),
        no_update,
        kpi_tiles(counts(rt, rows)),
        no_update,
        no_update,
        {**state, "lasso": lasso_key(lasso)},
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


def highlight(selected: Any, *controls: Any) -> Any:
    """Fly the map to the selected incident and ring it."""
    if not isinstance(selected, str):
        raise PreventUpdate
    rt = runtime()
    visible = view_incidents(rt, ViewFilter.from_controls(*controls), datetime.now(UTC))
    return select_patch(visible, selected, fly=True)


def reset(_n: Any) -> tuple:
    """Clear every filter and the lasso or box selection."""
    return [], [], [], [], [], 0, None


def register(app: Dash) -> None:
    """Wire the operations view."""
    controls = [State(f, "value") for f in FILTERS]
    guarded_callback(
        app,
        Permission.READ,
        TICK_OUTPUTS,
        Input(ids.OPS_TICK, "n_intervals"),
        Input(ids.OPS_RESET, "n_clicks"),
        Input(ids.OPS_MAP, "selectedData"),
        *[Input(f, "value") for f in FILTERS],
        State(ids.OPS_SEQ, "data"),
        State(ids.OPS_SELECTED, "data"),
        State(ids.OPS_VIEW, "data"),
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
        Output(ids.OPS_SETUP, "children"),
        Input(ids.OPS_TICK, "n_intervals"),
        prevent_initial_call=True,
    )(setup_progress)
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_SELECTED, "data"),
        Input(ids.OPS_MAP, "clickData"),
        Input(ids.OPS_GRID, "cellClicked"),
        prevent_initial_call=True,
    )(select)
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_MAP, "figure", allow_duplicate=True),
        Input(ids.OPS_SELECTED, "data"),
        *controls,
        prevent_initial_call=True,
    )(highlight)
    guarded_callback(
        app,
        Permission.READ,
        *[Output(f, "value") for f in FILTERS],
        Output(ids.OPS_MAP, "selectedData"),
        Input(ids.OPS_RESET, "n_clicks"),
        prevent_initial_call=True,
    )(reset)

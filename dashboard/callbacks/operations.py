"""Callbacks of the operations view: the live tick, filters, lasso and selection.

The detail panel is callbacks.detail. One view filter (rules/filters.py) drives the map,
the list and the tiles; a lasso or box selection narrows the list and the tiles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.figures.incident_list import incident_rows, row_transaction
from dashboard.figures.incident_map import DRAW_ORDER, incident_map, map_patch, select_patch
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.setup import setup_checklist
from dashboard.pages import operations as page
from dashboard.read.live_view import ids_digest, listed, may_have_expired, xor
from dashboard.read.map_layers import jurisdiction_layers
from dashboard.read.setup import setup_pending
from dashboard.read.tracking import alarm_panel, stats_panel
from dashboard.read.view_snapshot import Snapshot, kpi_of, rows_of, snapshot
from dashboard.read.views import current_style, freshness_info, row_labels
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


def rings_key(snap: Snapshot, selected: str | None) -> str:
    """Name which incidents are ringed: the view's alarmed set and the selection."""
    return f"{snap.alarm_digest:016x}:{selected or ''}"


def kpis_key(found: dict[str, int]) -> str:
    """Name the KPI counts a client shows, so a tick re-sends the tiles only when they move."""
    return ",".join(f"{k}={v}" for k, v in sorted(found.items()))


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
    snap: Snapshot,
    lasso: Any = None,
    selected: str | None = None,
    kpis: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Return what the client holds: the map's filter, as of when, which ids; the list's lasso.

    The lasso digest is how a tick knows the list is not yet narrowed: the renderer drops
    a pending response when the next interval fires, so the tick that carried the new
    selection may never reach the browser, and the following ticks must redo it.
    `rings` names the ringed incidents the client draws, so a tick re-sends the ring
    traces only when they change; `kpis` the counts its tiles show.
    """
    return {
        "key": view.key(),
        "at": now.timestamp(),
        "ids": f"{snap.digest:016x}",
        "rings": rings_key(snap, selected),
        "lasso": lasso_key(lasso),
        "kpis": kpis_key(kpis if kpis is not None else snap.counts),
    }


def page_layout(rt: Runtime) -> html.Div:
    """Build the operations view for the router (no filter, no selection)."""
    now = datetime.now(UTC)
    view = ViewFilter()
    snap = snapshot(rt, view, now)
    visible = snap.visible
    return page.layout(
        visible,
        snap.counts,
        current_style(rt),
        rt.picture.seq,
        rt.jurisdictions(),
        rt.config.refresh_ms,
        alarm_tile=alarm_panel(rt, None),
        stats=stats_panel(rt, None),
        agencies=rt.agencies(),
        view=view_state(view, now, snap),
        setup=setup_checklist(setup_pending(rt)),
        map_layers=jurisdiction_layers(rt),
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
        return (no_update,) * 5 + (freshness_info(rt), no_update)
    snap = snapshot(rt, view, now)
    key = (client_seq, view.key(), lasso_key(lasso), selected, reset_clicks, *_held(state))
    # Every browser of a view at one seq asks the same question: answer it once.
    answer = rt.memo.get(
        f"tick:{view.key()}:{selected}",
        (snap.seq, snap.bucket, key),
        lambda: delta(rt, view, snap, client_seq, state, lasso, selected, reset_clicks),
    )
    return (*answer[:5], freshness_info(rt), answer[6])


def _held(state: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(state.get(k) for k in ("ids", "rings", "kpis"))


def delta(
    rt: Runtime,
    view: ViewFilter,
    snap: Snapshot,
    client_seq: int,
    state: dict[str, Any],
    lasso: Any,
    selected: str | None,
    reset_clicks: Any,
) -> tuple:
    """Answer a tick with what changed after `client_seq`: costs the changes, not the picture."""
    changed_ids = rt.picture.changed_ids(client_seq)
    visible = snap.visible
    firsts = visible.index.to_numpy()
    added = visible.iloc[int(np.searchsorted(firsts, client_seq, side="right")) :]
    held = snap.digest ^ xor(added["id_hash"].to_numpy())
    if (
        changed_ids is None
        or rt.picture.layout_changed_at > client_seq
        or f"{held:016x}" != state.get("ids")
    ):
        # Something entered or left the view other than as a new incident: redraw whole.
        return full_refresh(rt, view, lasso, selected, reset_clicks)
    changed = rows_of(rt, visible, changed_ids)
    rows = listed(visible, lasso) if lasso_key(lasso) else visible
    found = snap.counts if rows is visible else kpi_of(rows)
    new_state = view_state(view, datetime.now(UTC), snap, lasso, selected, found)
    if changed.empty:
        return (no_update,) * 4 + (snap.seq, None, new_state)
    rings = new_state["rings"] != state.get("rings") or rt.picture.moved_at > client_seq
    ringed_firsts = None if rings else ringed_order(rt, snap, selected)
    patch = map_patch(
        visible, changed, client_seq, selected, rings=rings,
        known=known_points(visible), ringed_firsts=ringed_firsts,
    )  # fmt: skip
    if patch is None:
        return full_refresh(rt, view, lasso, selected, reset_clicks)
    tiles = kpi_tiles(found) if new_state["kpis"] != state.get("kpis") else no_update
    return (
        patch,
        no_update,
        row_transaction(listed(changed, lasso), client_seq, row_labels(rt)),
        tiles,
        snap.seq,
        None,
        new_state,
    )


def known_points(visible: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return, per kind, the sorted first_seqs of the visible incidents (trace order)."""
    codes = visible["kind_code"].to_numpy()
    firsts = visible.index.to_numpy()
    return {kind: firsts[codes == n] for n, kind in enumerate(DRAW_ORDER)}


def ringed_order(rt: Runtime, snap: Snapshot, selected: str | None) -> np.ndarray:
    """Return the sorted first_seqs of the ringed incidents (the order of the top trace)."""
    visible = snap.visible
    firsts = visible.index.to_numpy()
    alarmed = firsts[visible["notice_alarm"].to_numpy(dtype=bool)]
    incidents = rt.picture.incidents
    if selected is None or selected not in incidents.index:
        return alarmed
    mine = int(incidents.at[selected, "first_seq"])
    where = int(np.searchsorted(firsts, mine))
    if where < len(firsts) and firsts[where] == mine:
        return np.union1d(alarmed, [mine])
    return alarmed


def full_refresh(
    rt: Runtime, view: ViewFilter, lasso: Any, selected: str | None, reset_clicks: Any
) -> tuple:
    """Rebuild map, list and tiles for the view; a new filter or a reset refits the map.

    The uirevision names the filter and the resets, so Plotly drops the user's zoom and
    lasso outline exactly when one of them changes, and keeps them across live ticks.
    """
    now = datetime.now(UTC)
    snap = snapshot(rt, view, now)
    visible = snap.visible
    resets = reset_clicks if isinstance(reset_clicks, int) else 0
    figure = incident_map(
        visible,
        current_style(rt),
        uirevision=f"ops:{view.key()}:{resets}",
        selected=selected,
        layers=jurisdiction_layers(rt),
    )
    rows = listed(visible, lasso)
    found = kpi_of(rows) if lasso_key(lasso) else snap.counts
    return (
        figure,
        incident_rows(rows, row_labels(rt)),
        no_update,
        kpi_tiles(found),
        snap.seq,
        freshness_info(rt),
        view_state(view, now, snap, lasso, selected, found),
    )


def list_refresh(rt: Runtime, view: ViewFilter, lasso: Any, state: dict[str, Any]) -> tuple:
    """Narrow the list and the tiles to a lasso or box selection; the map keeps its points."""
    snap = snapshot(rt, view, datetime.now(UTC))
    rows = listed(snap.visible, lasso)
    found = kpi_of(rows) if lasso_key(lasso) else snap.counts
    return (
        no_update,
        incident_rows(rows, row_labels(rt)),
        no_update,
        kpi_tiles(found),
        no_update,
        no_update,
        {**state, "lasso": lasso_key(lasso), "kpis": kpis_key(found)},
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
    visible = snapshot(rt, ViewFilter.from_controls(*controls), datetime.now(UTC)).visible
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

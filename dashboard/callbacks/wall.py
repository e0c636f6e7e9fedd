"""The wall's live tick: deltas when the picture changed, a heartbeat when it did not.

An unchanged tick (same seq, same alarm bucket, no rotation due) runs no SQL and sends
only the heartbeat. A changed one patches the map as the operations view does and sends
the tiles and panels; a new city, a resize or a lost client state redraws the whole wall.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from dashboard import ids
from dashboard.callbacks.wall_content import (
    content,
    heartbeat,
    pick_city,
    scope_key,
    tick_timeout_ms,
    wall_scope,
)
from dashboard.figures.wall import wall_patch
from dashboard.pages import wall as page
from dashboard.read.live_view import may_have_expired, xor
from dashboard.read.tracking import ALARM_BUCKET_S
from dashboard.read.view_snapshot import rows_of, snapshot
from dashboard.read.wall_view import wall_view
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, guarded_callback

TICK_OUTPUTS = [
    Output(ids.WALL_MAP, "figure"),
    Output(ids.WALL_KPIS, "children"),
    Output(ids.WALL_ALARMS, "children"),
    Output(ids.WALL_TICKER, "children"),
    Output(ids.WALL_BOARD, "children"),
    Output(ids.WALL_CITY, "children"),
    Output(ids.WALL_SEQ, "data"),
    Output(ids.WALL_STATE, "data"),
    Output(ids.WALL_SILENT, "data"),
    Output(ids.WALL_ANSWER, "data"),
    Output(ids.FRESHNESS_INFO, "data", allow_duplicate=True),
]
# The shell's dcc.Location (pages.shell.URL; importing the shell here would be circular).
URL = "url"
STATE_KEYS = ("city", "since", "bucket", "width", "ids", "at")


def page_layout(rt: Runtime) -> Any:
    """Build the wall for the session's cities, at a 1080p wall's size until it says more."""
    now = datetime.now(UTC)
    cities, rotate = wall_scope(rt)
    city = pick_city(rt, cities, rotate, None, now.timestamp(), now)
    shown = content(rt, cities, rotate, city, now.timestamp(), None, now)
    return page.layout(shown, rt.picture.seq, rt.config.refresh_ms, ask(rt))


def ask(rt: Runtime) -> dict[str, Any]:
    """Return the first tick request: none sent yet, with the timeout and banner delay."""
    timeout = tick_timeout_ms(rt.config.refresh_ms)
    return {"n": 0, "at": 0, "timeout_ms": timeout, "banner_ms": rt.config.offline_banner_s * 1000}


def tick(asked: Any, width: Any, client_seq: Any, state: Any, search: Any) -> tuple:
    """Answer one paced tick: heartbeat, deltas or a whole redraw."""
    rt = runtime()
    now = datetime.now(UTC)
    answer = asked.get("n") if isinstance(asked, dict) else no_update
    cities, rotate = wall_scope(rt, search)
    width_px = float(width) if isinstance(width, int | float) and 0 < width < 20000 else None
    if (
        not isinstance(client_seq, int)
        or not isinstance(state, dict)
        or any(k not in state for k in STATE_KEYS)
        or (width_px is not None and width_px != state["width"])
        or state.get("scope") != scope_key(cities, rotate)
    ):
        return full(rt, cities, rotate, state, width_px, now, answer)
    shown = state["city"] if isinstance(state["city"], str) else None
    view_cities = [shown] if shown else cities
    bucket = int(now.timestamp()) // ALARM_BUCKET_S
    due = bool(rotate) and now.timestamp() - float(state["since"]) >= float(rotate or 0)
    if (
        rt.store.latest_seq() <= client_seq
        and bucket == state["bucket"]
        and not due
        and not may_have_expired(rt, wall_view(view_cities), float(state["at"]), now)
    ):
        return (no_update,) * 9 + (answer, heartbeat(rt))
    if pick_city(rt, cities, rotate, shown, float(state["since"]), now) != shown:
        return full(rt, cities, rotate, state, width_px, now, answer)
    # The operations view's delta path: the view's snapshot, the change log, bisects.
    snap = snapshot(rt, wall_view(view_cities), now)
    visible = snap.visible
    firsts = visible.index.to_numpy()
    added = visible.iloc[int(np.searchsorted(firsts, client_seq, side="right")) :]
    held = f"{snap.digest ^ xor(added['id_hash'].to_numpy()):016x}"
    changed_ids = rt.picture.changed_ids(client_seq)
    if changed_ids is None or rt.picture.layout_changed_at > client_seq or held != state["ids"]:
        return full(rt, cities, rotate, state, width_px, now, answer)
    patch = wall_patch(visible, rows_of(rt, visible, changed_ids), client_seq, state["width"])
    if patch is None:
        return full(rt, cities, rotate, state, width_px, now, answer)
    # The map goes as a patch: building its whole figure here would be thrown away.
    shown_now = content(
        rt, cities, rotate, shown, float(state["since"]), state["width"], now, visible, False
    )
    new_ticker = shown_now.ticker if rt.picture.seq > client_seq else no_update
    return (
        patch,
        shown_now.kpis,
        shown_now.alarms,
        new_ticker,
        shown_now.board,
        no_update,
        rt.picture.seq,
        shown_now.state,
        shown_now.silent,
        answer,
        heartbeat(rt),
    )


def full(
    rt: Runtime,
    cities: list[str] | None,
    rotate: int | None,
    state: Any,
    width_px: float | None,
    now: datetime,
    answer: Any,
) -> tuple:
    """Redraw the whole wall: map, tiles, panels, for the city rotation picks now."""
    state = state if isinstance(state, dict) else {}
    before = state.get("city") if isinstance(state.get("city"), str) else None
    since = state.get("since") if isinstance(state.get("since"), int | float) else now.timestamp()
    if width_px is None:
        width_px = state.get("width") if isinstance(state.get("width"), int | float) else None
    city = pick_city(rt, cities, rotate, before, float(since), now)
    since = since if city == before else now.timestamp()
    shown = content(rt, cities, rotate, city, float(since), width_px, now)
    return (
        shown.figure,
        shown.kpis,
        shown.alarms,
        shown.ticker,
        shown.board,
        shown.city,
        rt.picture.seq,
        shown.state,
        shown.silent,
        answer,
        heartbeat(rt),
    )


def register(app: Dash) -> None:
    """Wire the wall; cities come from the session, never from the browser."""
    guarded_callback(
        app,
        Permission.WALL,
        TICK_OUTPUTS,
        Input(ids.WALL_ASK, "data"),
        Input(ids.WALL_VIEWPORT, "data"),
        State(ids.WALL_SEQ, "data"),
        State(ids.WALL_STATE, "data"),
        State(URL, "search"),
        prevent_initial_call=True,
    )(tick)
    app.clientside_callback(
        ClientsideFunction("headsup_wall", "pace"),
        Output(ids.WALL_ASK, "data"),
        Input(ids.WALL_TICK, "n_intervals"),
        State(ids.WALL_ASK, "data"),
        State(ids.WALL_ANSWER, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("headsup_wall", "banner"),
        Output(ids.WALL_BANNER, "children"),
        Output(ids.WALL_BANNER, "data-state"),
        Input(ids.CLOCK, "n_intervals"),
        State(ids.LAST_OK, "data"),
        State(ids.WALL_SILENT, "data"),
        State(ids.WALL_ASK, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("headsup_wall", "counters"),
        Output(ids.WALL_COUNTERS, "data"),
        Input(ids.CLOCK, "n_intervals"),
    )
    app.clientside_callback(
        ClientsideFunction("headsup_wall", "answered"),
        Output(ids.WALL_COUNTERS, "data", allow_duplicate=True),
        Input(ids.WALL_ANSWER, "data"),
        prevent_initial_call=True,
    )
    # The display's width, so a 4K wall gets a map drawn for its size (runs in the browser).
    app.clientside_callback(
        "function(_n, current) { const w = window.innerWidth;"
        " return w === current ? window.dash_clientside.no_update : w; }",
        Output(ids.WALL_VIEWPORT, "data"),
        Input(ids.WALL_TICK, "n_intervals"),
        State(ids.WALL_VIEWPORT, "data"),
    )

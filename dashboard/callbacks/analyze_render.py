"""Draw one analyst state: map, tiles, charts with captions, the playback range, table blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dash import Output, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.clock import CITY_DATETIME, city_time
from dashboard.figures import analyze_charts as charts
from dashboard.figures.analyze_map import MAX_POINTS, analyze_map
from dashboard.figures.analyze_table import sorted_rows, table_rows
from dashboard.figures.kpi import kpi_tiles
from dashboard.read.analyze_view import AnalystView, analyst_view
from dashboard.read.views import current_style
from dashboard.rules.analyze_url import WINDOWS, AnalyzeState, parse
from dashboard.runtime import Runtime, runtime
from dashboard.wording import counted

CHART_IDS = (
    ids.ANALYZE_CHART_LEAD,
    ids.ANALYZE_CHART_TOLD,
    ids.ANALYZE_CHART_RESPONSE,
    ids.ANALYZE_CHART_OVER_TIME,
)
OUTPUTS = [
    Output(ids.ANALYZE_MAP, "figure"),
    Output(ids.ANALYZE_KPIS, "children"),
    Output(ids.ANALYZE_COUNT, "children"),
    *[Output(c, "figure") for c in CHART_IDS],
    *[Output(c + ids.CAPTION_SUFFIX, "children") for c in CHART_IDS],
    Output(ids.ANALYZE_RENDERED, "data"),
    Output(ids.ANALYZE_PLAY_AT, "min"),
    Output(ids.ANALYZE_PLAY_AT, "max"),
    Output(ids.ANALYZE_PLAY_AT, "marks"),
    Output(ids.ANALYZE_PLAY_LABEL, "children"),
    Output(ids.ANALYZE_ZONE, "children"),
]


def render(held: Any, rendered: Any) -> tuple:
    """Draw the state's map (only when its points change), tiles, charts and playback range."""
    rt = runtime()
    state = parse(held)
    before = rendered if isinstance(rendered, dict) else {}
    data_key = state.key()
    if before.get("data") == data_key:
        raise PreventUpdate  # only the map's view moved: the browser already shows it
    view = analyst_view(rt, state)
    map_key = state.model_copy(update={"selection": (), "lat": None, "lon": None,
                                       "zoom": None}).model_dump_json()  # fmt: skip
    # A cleared selection redraws the map too, so its lasso outline goes with it.
    cleared = not state.selection and before.get("selected")
    figure: Any = no_update
    if before.get("map") != map_key or cleared:
        resets = int(before.get("resets", 0)) + (1 if cleared else 0)
        center = (
            {"lat": state.lat, "lon": state.lon}
            if state.lat is not None and state.lon is not None
            else None
        )
        figure = analyze_map(view.incidents, current_style(rt), state.mode, center, state.zoom,
                             uirevision=f"analyze:{map_key}:{resets}")  # fmt: skip
    else:
        resets = int(before.get("resets", 0))
    figures, captions = chart_set(rt, view, state)
    low, high = play_range(state, view.now if state.at is None else datetime.now(UTC))
    return (
        figure,
        kpi_tiles(view.counts),
        count_text(view),
        *figures,
        *captions,
        {"data": data_key, "map": map_key, "selected": bool(state.selection), "resets": resets},
        low,
        high,
        play_marks(rt, state, low, high),
        play_label(rt, state, view),
        zone_label(rt, state),
    )


def chart_set(rt: Runtime, view: AnalystView, state: AnalyzeState) -> tuple[list, list]:
    """Return the four charts of the selected incidents and their captions."""
    names = dict(rt.reference().agency_names)
    cities = dict(rt.reference().city_names)
    tracks = view.rows
    built = [
        charts.lead_time_chart(tracks, names),
        charts.told_share_chart(charts.told_by_city(view.selected), cities),
        charts.response_chart(tracks, names),
        charts.over_time_chart(
            view.selected, WINDOWS.get(state.window), view_zone(rt, state), shown_window(state)
        ),
    ]
    return [f for f, _ in built], [c for _, c in built]


def count_text(view: AnalystView) -> str:
    """Say how many incidents and tracks are shown, and from where."""
    where = {"live": "live picture", "history": "event log", "playback": "playback"}
    picked = (
        f", {len(view.selected):,} selected on the map"
        if len(view.selected) != len(view.incidents)
        else ""
    )
    capped = (
        f" The map draws the {MAX_POINTS:,} newest as points."
        if len(view.incidents) > MAX_POINTS
        else ""
    )
    return (
        f"{counted(len(view.incidents), 'incident')}{picked}; "
        f"{counted(len(view.rows), 'agency track')} "
        f"(from the {where[view.source]}).{capped}"
    )


def play_range(state: AnalyzeState, now: datetime) -> tuple[int, int]:
    """Return the slider's range in epoch seconds: the window's start to its end (or now)."""
    start, end = state.range(now)
    end = end or now
    start = start or end - timedelta(hours=24)
    return int(start.timestamp()), int(end.timestamp())


def play_marks(rt: Runtime, state: AnalyzeState, low: int, high: int) -> dict[str, str]:
    """Name the slider's two ends in the zone the view reads times in."""
    zone = view_zone(rt, state)
    return {
        str(edge): city_time(datetime.fromtimestamp(edge, UTC), zone, "%b %d %H:%M")
        for edge in (low, high)
    }


def play_label(rt: Runtime, state: AnalyzeState, view: AnalystView) -> str:
    """Say what moment the map, tiles and table show."""
    if state.at is None:
        return "Live: the current picture."
    zone = view_zone(rt, state)
    basis = "as known" if state.basis == "known" else "as it happened"
    when = city_time(state.at, zone, CITY_DATETIME)
    return f"Picture at {when}, {basis}."


def shown_window(state: AnalyzeState) -> tuple[datetime, datetime] | None:
    """Return the filter's time window, open ends closed at now (None: no start)."""
    now = datetime.now(UTC)
    start, end = state.range(now)
    return None if start is None else (start, end or now)


def view_zone(rt: Runtime, state: AnalyzeState) -> str:
    """Return the zone the view reads and shows times in: its one city's, else UTC."""
    return rt.city_tz(state.cities[0]) if len(state.cities) == 1 else "UTC"


def zone_label(rt: Runtime, state: AnalyzeState) -> str:
    """Name the zone the custom range is read in."""
    zone = view_zone(rt, state)
    return f"times in {zone}"


def block(
    rt: Runtime, view: AnalystView, sort_model: Any, start: int, end: int
) -> list[dict[str, Any]]:
    """Return the rows [start, end) of the view's table in the grid's order."""
    ref = rt.reference()
    # The rows come newest report first; only a sort the user asked for costs a sort.
    ordered = sorted_rows(view.rows, sort_model) if sort_model else view.rows
    return table_rows(ordered.iloc[start:end], ref.agency_names, ref.city_names, ref.city_tz)

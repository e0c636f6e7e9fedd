"""The analyst view at `/analyze`: filters, map, KPI tiles, charts, playback, table, exports.

The layout starts empty; the URL's query string fills the controls (callbacks.analyze),
so a shared link opens on the same view.
"""

from __future__ import annotations

from typing import Any, cast

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.domain import STATUSES
from dashboard.figures.analyze_table import COLUMN_DEFS
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.theme import KIND_LABELS
from dashboard.rules.notice import NOTICE_LABELS

WINDOW_OPTIONS = [
    {"label": "1 h", "value": "1h"},
    {"label": "6 h", "value": "6h"},
    {"label": "24 h", "value": "24h"},
    {"label": "7 days", "value": "7d"},
    {"label": "custom", "value": "custom"},
]
DISPUTED_OPTIONS = [
    {"label": "disputed or agreed", "value": "any"},
    {"label": "disputed only", "value": "yes"},
    {"label": "agreed only", "value": "no"},
]
CHARTS = (
    (ids.ANALYZE_CHART_LEAD, "Lead time by agency"),
    (ids.ANALYZE_CHART_TOLD, "Told in advance, by city"),
    (ids.ANALYZE_CHART_RESPONSE, "Response time by agency"),
    (ids.ANALYZE_CHART_OVER_TIME, "Incidents over time"),
)
LOADING_DELAY_MS = 400
SPEEDS = [{"label": f"{n}\u00d7", "value": n} for n in (1, 10, 60)]  # 1x, 10x, 60x
# PNG through Plotly's own button: drawn in the browser, nothing fetched (CSP-safe).
CHART_CONFIG: Any = {
    "displaylogo": False,
    "displayModeBar": "hover",  # over the chart it belongs to, not over every title
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
MAP_CONFIG: Any = {"displaylogo": False, "scrollZoom": True, "displayModeBar": "hover"}
# Sessions that may not export get no image button either: a PNG is an export.
NO_IMAGE = ["toImage"]


def graph_config(config: dict[str, Any], exports: bool) -> Any:
    """Return a graph's mode bar settings, without the image button for non-exporters."""
    if exports:
        return config
    removed = [*config.get("modeBarButtonsToRemove", []), *NO_IMAGE]
    return {**config, "modeBarButtonsToRemove": removed}


def layout(
    cities: pd.DataFrame, agencies: pd.DataFrame, sources: list[str], exports: bool
) -> html.Div:
    """Build the page; `exports` adds the export buttons (analysts and admins only)."""
    return html.Div(
        [
            dcc.Location(id=ids.ANALYZE_URL, refresh=False),
            dcc.Store(id=ids.ANALYZE_STATE),
            dcc.Store(id=ids.ANALYZE_RENDERED),
            dcc.Store(id=ids.ANALYZE_GRID_PURGED),
            dcc.Download(id=ids.ANALYZE_DOWNLOAD),
            filter_bar(cities, agencies, sources, exports),
            html.Div(
                [
                    html.Div(kpi_tiles({}), id=ids.ANALYZE_KPIS, className="kpis"),
                    html.Div("Loading the view…", id=ids.ANALYZE_COUNT, className="analyze-count"),
                ],
                className="analyze-tiles",
            ),
            playback_bar(),
            loading(html.Div(
                [
                    html.Div(
                        dcc.Graph(id=ids.ANALYZE_MAP, config=graph_config(MAP_CONFIG, exports),
                                  style={"height": "100%"}),
                        className="analyze-map",
                    ),
                    html.Div([chart(i, title, exports) for i, title in CHARTS],
                             className="analyze-charts", id=ids.ANALYZE_CHARTS),
                ],
                className="analyze-main",
            )),
            table(),
        ],
        className="analyze",
    )  # fmt: skip


def loading(content: html.Div) -> dcc.Loading:
    """Show a spinner over the map and charts while a state is drawn (the first takes seconds).

    Only past LOADING_DELAY_MS, so playback ticks and quick filter changes do not flicker;
    the old picture stays visible underneath.
    """
    return dcc.Loading(
        content,
        id=ids.ANALYZE_LOADING,
        type="circle",
        color="#1f4e79",
        delay_show=LOADING_DELAY_MS,
        overlay_style={"visibility": "visible", "opacity": 0.55},
        # Dash types this as an empty TypedDict; it takes component id to property.
        target_components=cast(Any, {ids.ANALYZE_MAP: "figure", ids.ANALYZE_CHART_LEAD: "figure"}),
    )


def choice(component_id: str, options: list[dict], placeholder: str) -> dcc.Dropdown:
    """Return one multi-choice filter."""
    return dcc.Dropdown(
        id=component_id, options=options, multi=True, placeholder=placeholder,
        className="view-filter",
    )  # fmt: skip


def filter_bar(
    cities: pd.DataFrame, agencies: pd.DataFrame, sources: list[str], exports: bool
) -> html.Div:
    """Return the filters, the map mode, the reset and (for exporters) the exports."""
    window = html.Div(
        [
            dcc.RadioItems(id=ids.ANALYZE_WINDOW, options=WINDOW_OPTIONS, value="24h",
                           inline=True, className="window-filter"),
            dcc.Input(id=ids.ANALYZE_FROM, type="text", debounce=True,
                      placeholder="from YYYY-MM-DD HH:MM",
                      className="analyze-time"),
            dcc.Input(id=ids.ANALYZE_TO, type="text", debounce=True,
                      placeholder="to YYYY-MM-DD HH:MM",
                      className="analyze-time"),
            html.Span(id=ids.ANALYZE_ZONE, className="analyze-zone"),
        ],
        className="analyze-window",
    )  # fmt: skip
    reset = html.Button("Reset", id=ids.ANALYZE_RESET, n_clicks=0, className="reset-view")
    buttons: list[Any] = [reset]
    if exports:
        buttons += [
            dcc.Store(id=ids.ANALYZE_PNG),
            dcc.Store(id=ids.ANALYZE_PNG_HOOKED),
            html.Button("Export CSV", id=ids.ANALYZE_EXPORT_CSV, n_clicks=0, className="export"),
            html.Button("Export GeoJSON", id=ids.ANALYZE_EXPORT_GEOJSON, n_clicks=0,
                        className="export"),
        ]  # fmt: skip
    return html.Div(
        [
            window,
            choice(ids.ANALYZE_KIND, [{"label": v, "value": k} for k, v in KIND_LABELS.items()],
                   "All kinds"),
            choice(ids.ANALYZE_STATUS, [{"label": s, "value": s} for s in STATUSES],
                   "All statuses"),
            choice(ids.ANALYZE_CITY,
                   [{"label": r.name, "value": r.id} for r in cities.itertuples()],
                   "All cities"),
            choice(ids.ANALYZE_AGENCY,
                   [{"label": r.name, "value": r.id} for r in agencies.itertuples()],
                   "All agencies"),
            choice(ids.ANALYZE_NOTICE, [{"label": v, "value": k} for k, v in NOTICE_LABELS.items()],
                   "Any notice"),
            dcc.RadioItems(id=ids.ANALYZE_DISPUTED, options=DISPUTED_OPTIONS, value="any",
                           inline=True, className="window-filter"),
            choice(ids.ANALYZE_SOURCE, [{"label": s, "value": s} for s in sources], "All sources"),
            html.Span("Map:", className="analyze-label"),
            dcc.RadioItems(id=ids.ANALYZE_MAP_MODE,
                           options=[{"label": "points", "value": "points"},
                                    {"label": "heat map", "value": "heat"}],
                           value="points", inline=True, className="window-filter"),
            *buttons,
            html.Span(id=ids.ANALYZE_EXPORT_STATUS, className="analyze-export-status"),
        ],
        className="filter-bar analyze-filters",
    )  # fmt: skip


def playback_bar() -> html.Div:
    """Return the playback slider, play/pause, speed, basis and the live button."""
    return html.Div(
        [
            html.Button("▶ Play", id=ids.ANALYZE_PLAY, n_clicks=0, className="play"),
            html.Button("Live", id=ids.ANALYZE_LIVE, n_clicks=0, className="play"),
            dcc.RadioItems(id=ids.ANALYZE_PLAY_SPEED, options=SPEEDS, value=10, inline=True,
                           className="window-filter"),
            html.Div(
                dcc.Slider(id=ids.ANALYZE_PLAY_AT, min=0, max=1, value=None, step=1, marks=None,
                           updatemode="mouseup", tooltip=None),
                className="analyze-slider",
            ),
            dcc.RadioItems(id=ids.ANALYZE_BASIS,
                           options=[{"label": "as known", "value": "known"},
                                    {"label": "as it happened", "value": "happened"}],
                           value="known", inline=True, className="window-filter"),
            html.Span("Live: the current picture.", id=ids.ANALYZE_PLAY_LABEL,
                      className="analyze-play-label"),
            dcc.Interval(id=ids.ANALYZE_PLAY_TICK, interval=1000, disabled=True),
        ],
        className="analyze-playback",
    )  # fmt: skip


def chart(chart_id: str, title: str, exports: bool) -> html.Section:
    """Return one chart with its title and its caption (what it shows, on how many)."""
    return html.Section(
        [
            html.H4(title),
            dcc.Graph(
                id=chart_id, config=graph_config(CHART_CONFIG, exports), style={"height": "210px"}
            ),
            html.P(id=chart_id + ids.CAPTION_SUFFIX, className="analyze-caption"),
        ],
        className="analyze-chart",
    )


def table() -> dag.AgGrid:
    """Return the track table on AG Grid's infinite row model (blocks asked of the server)."""
    return dag.AgGrid(
        id=ids.ANALYZE_GRID,
        columnDefs=COLUMN_DEFS,
        defaultColDef={"resizable": True, "filter": False},
        rowModelType="infinite",
        getRowId="params.data.row_id",
        dashGridOptions={
            "cacheBlockSize": 100,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": 1,
            "animateRows": False,
        },
        className="analyze-grid",
        style={"height": "420px"},
    )

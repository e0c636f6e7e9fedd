"""The wall display at `/wall`: read from across a room, nobody touching it.

Top to bottom: the NOT LIVE banner (hidden while live), the KPI tiles, then the map (the
city shown over it) and the agency board beside the open alarms and the latest events.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard import ids
from dashboard.figures.markup import with_data
from dashboard.pages.map_panel import map_panel


def layout(shown: Any, seq: int, refresh_ms: int, ask: dict[str, Any]) -> html.Div:
    """Build the wall from what it shows now (callbacks.wall_content.WallContent)."""
    page_div = html.Div(
        [
            dcc.Store(id=ids.WALL_SEQ, data=seq),
            dcc.Store(id=ids.WALL_STATE, data=shown.state),
            dcc.Store(id=ids.WALL_SILENT, data=shown.silent),
            dcc.Store(id=ids.WALL_VIEWPORT),
            dcc.Store(id=ids.WALL_ASK, data=ask),
            dcc.Store(id=ids.WALL_ANSWER),
            dcc.Store(id=ids.WALL_COUNTERS),
            dcc.Interval(id=ids.WALL_TICK, interval=refresh_ms),
            with_data(html.Div("", id=ids.WALL_BANNER, className="wall-banner"), state="hidden"),
            html.Div(shown.kpis, id=ids.WALL_KPIS, className="kpis wall-kpis"),
            html.Div(
                [
                    html.Div(
                        [
                            map_panel(ids.WALL_MAP, shown.figure, "wall-map", False),
                            html.Div(shown.city, id=ids.WALL_CITY, className="wall-city"),
                        ],
                        className="wall-map-box",
                    ),
                    html.Div(shown.board, id=ids.WALL_BOARD, className="wall-board"),
                    html.Div(
                        [
                            html.Div(shown.alarms, id=ids.WALL_ALARMS, className="wall-alarms"),
                            html.H2("Latest events", className="wall-heading"),
                            html.Div(shown.ticker, id=ids.WALL_TICKER, className="wall-ticker"),
                        ],
                        className="wall-side",
                    ),
                ],
                className="wall-body",
            ),
        ],
        className="wall",
    )
    # data-live tells the freshness element (assets/freshness.js) that this page ticks.
    return with_data(page_div, live="1")

"""The wall display at `/wall`: dark KPI tiles and a full map, read-only, nobody touching it."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.wall import wall_map
from dashboard.pages.map_panel import map_panel


def layout(
    incidents: pd.DataFrame,
    counts: dict[str, int],
    style: dict | str,
    seq: int,
    scope: str,
    refresh_ms: int,
) -> html.Div:
    """Build the wall from the current picture of the cities it may show."""
    return html.Div(
        [
            dcc.Store(id=ids.WALL_SEQ, data=seq),
            dcc.Store(id=ids.WALL_VIEWPORT),
            dcc.Interval(id=ids.WALL_TICK, interval=refresh_ms),
            html.Div(
                [
                    html.Div(kpi_tiles(counts), id=ids.WALL_KPIS, className="kpis wall-kpis"),
                    html.Div(scope, id=ids.WALL_SCOPE, className="wall-scope"),
                ],
                className="wall-toolbar",
            ),
            map_panel(ids.WALL_MAP, wall_map(incidents, style), "wall-map", False),
        ],
        className="wall",
    )

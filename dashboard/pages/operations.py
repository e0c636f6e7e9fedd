"""The operations view at `/`: KPI strip, live map, incident list and detail panel."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.figures.incident_list import COLUMN_DEFS, DEFAULT_COL_DEF, incident_rows
from dashboard.figures.incident_map import incident_map
from dashboard.figures.kpi import kpi_tiles, map_legend


def layout(
    incidents: pd.DataFrame,
    counts: dict[str, int],
    style: dict | str,
    seq: int,
    cities: pd.DataFrame,
    refresh_ms: int,
) -> html.Div:
    """Build the view from the current picture; later ticks patch it from `seq` on."""
    return html.Div(
        [
            dcc.Store(id=ids.OPS_SEQ, data=seq),
            dcc.Store(id=ids.OPS_SELECTED),
            dcc.Interval(id=ids.OPS_TICK, interval=refresh_ms),
            html.Div(
                [
                    html.Div(kpi_tiles(counts), id=ids.OPS_KPIS, className="kpis"),
                    dcc.Dropdown(
                        id=ids.OPS_CITY,
                        options=[{"label": r.name, "value": r.id} for r in cities.itertuples()],
                        multi=True,
                        placeholder="All cities",
                        className="city-filter",
                    ),
                ],
                className="ops-toolbar",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id=ids.OPS_MAP,
                                figure=incident_map(incidents, style),
                                config={"displaylogo": False, "scrollZoom": True},
                                style={"height": "100%"},
                            ),
                            map_legend(),
                        ],
                        className="ops-map",
                    ),
                    html.Aside(
                        html.Div(
                            "Select an incident on the map or in the list.",
                            className="detail-empty",
                        ),
                        id=ids.OPS_DETAIL,
                        className="ops-detail",
                    ),
                ],
                className="ops-main",
            ),
            dag.AgGrid(
                id=ids.OPS_GRID,
                rowData=incident_rows(
                    incidents, dict(zip(cities["id"], cities["name"], strict=True))
                ),
                columnDefs=COLUMN_DEFS,
                defaultColDef=DEFAULT_COL_DEF,
                getRowId="params.data.id",
                dashGridOptions={
                    "rowSelection": {
                        "mode": "singleRow",
                        "checkboxes": False,
                        "enableClickSelection": True,
                    },
                    "animateRows": False,
                },
                className="ops-grid",
                style={"height": "100%"},
            ),
        ],
        className="ops",
    )

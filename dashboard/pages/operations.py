"""The operations view at `/`: KPI strip, live map, incident list and detail panel."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.domain import STATUSES
from dashboard.figures.incident_list import (
    COLUMN_DEFS,
    DEFAULT_COL_DEF,
    ROW_CLASS_RULES,
    RowLabels,
    incident_rows,
)
from dashboard.figures.incident_map import incident_map
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.markup import with_data
from dashboard.figures.theme import KIND_LABELS
from dashboard.pages.actions_form import actions_form
from dashboard.pages.map_panel import map_panel
from dashboard.pages.report_form import report_form, status_form
from dashboard.pages.retract_form import retract_form
from dashboard.rules.notice import NOTICE_LABELS

WINDOW_OPTIONS = [
    {"label": "1 h", "value": 1},
    {"label": "6 h", "value": 6},
    {"label": "24 h", "value": 24},
    {"label": "all live", "value": 0},
]

ALARM_CHECK_MS = 5000


def layout(
    incidents: pd.DataFrame,
    counts: dict[str, int],
    style: dict | str,
    seq: int,
    cities: pd.DataFrame,
    refresh_ms: int,
    alarm_tile: html.Div | None = None,
    stats: html.Table | None = None,
    agencies: pd.DataFrame | None = None,
    view: dict | None = None,
    setup: list | None = None,
    map_layers: list | None = None,
) -> html.Div:
    """Build the view from the current picture; later ticks patch it from `seq` on."""
    agencies = agencies if agencies is not None else pd.DataFrame(columns=["id", "name"])
    page_div = html.Div(
        [
            dcc.Store(id=ids.OPS_SEQ, data=seq),
            dcc.Store(id=ids.OPS_VIEW, data=view),
            dcc.Store(id=ids.OPS_SELECTED),
            dcc.Store(id=ids.OPS_DETAIL_VERSION),
            dcc.Interval(id=ids.OPS_TICK, interval=refresh_ms),
            dcc.Interval(id=ids.OPS_ALARM_TICK, interval=max(refresh_ms, ALARM_CHECK_MS)),
            dcc.Store(id=ids.OPS_ALARM_SEEN, data=alarm_seen(incidents)),
            dcc.Store(id=ids.OPS_ALARM_ROWS),
            html.Div(
                [
                    html.Div(kpi_tiles(counts), id=ids.OPS_KPIS, className="kpis"),
                    html.Div(alarm_tile, id=ids.OPS_ALARMS, className="kpis kpis-alarms"),
                ],
                className="ops-toolbar",
            ),
            filter_bar(cities, agencies),
            html.Div(
                [
                    html.Div(
                        [
                            map_panel(
                                ids.OPS_MAP,
                                incident_map(incidents, style, layers=map_layers),
                                "ops-map",
                                True,
                            ),
                            html.Div(setup or [], id=ids.OPS_SETUP, className="ops-setup"),
                        ],
                        className="ops-map-wrap",
                    ),
                    html.Aside(
                        # What is selected comes first: its title and notice line, then
                        # the forms that act on it; reporting a new incident comes last.
                        [
                            html.Div(
                                html.Div(
                                    "Select an incident on the map or in the list.",
                                    className="detail-empty",
                                ),
                                id=ids.OPS_DETAIL,
                            ),
                            status_form(),
                            actions_form(),
                            html.Div(id=ids.OPS_TIMELINE),
                            retract_form(),
                            report_form(cities),
                        ],
                        className="ops-detail",
                    ),
                ],
                className="ops-main",
            ),
            html.Div(
                [
                    incident_grid(incidents, cities, agencies),
                    html.Section(
                        [html.H4("Notice and response, per city and agency"), stats],
                        id=ids.OPS_FIGURES,
                        className="ops-figures",
                    ),
                ],
                className="ops-bottom",
            ),
        ],
        className="ops",
    )
    # data-live tells the freshness element (assets/freshness.js) that this page ticks.
    return with_data(page_div, live="1")


def choice(component_id: str, options: list[dict], placeholder: str) -> dcc.Dropdown:
    """Return one multi-choice filter of the view."""
    return dcc.Dropdown(
        id=component_id,
        options=options,
        multi=True,
        placeholder=placeholder,
        className="view-filter",
    )


def filter_bar(cities: pd.DataFrame, agencies: pd.DataFrame) -> html.Div:
    """Return the one set of filters that drives the map, the list and the tiles."""
    return html.Div(
        [
            choice(
                ids.OPS_KIND,
                [{"label": v, "value": k} for k, v in KIND_LABELS.items()],
                "All kinds",
            ),
            choice(ids.OPS_STATUS, [{"label": s, "value": s} for s in STATUSES], "All statuses"),
            choice(
                ids.OPS_CITY,
                [{"label": r.name, "value": r.id} for r in cities.itertuples()],
                "All cities",
            ),
            choice(
                ids.OPS_AGENCY,
                [{"label": r.name, "value": r.id} for r in agencies.itertuples()],
                "All agencies",
            ),
            choice(
                ids.OPS_NOTICE,
                [{"label": v, "value": k} for k, v in NOTICE_LABELS.items()],
                "Any notice",
            ),
            dcc.RadioItems(
                id=ids.OPS_WINDOW,
                options=WINDOW_OPTIONS,
                value=0,
                inline=True,
                className="window-filter",
            ),
            html.Button("Reset", id=ids.OPS_RESET, n_clicks=0, className="reset-view"),
        ],
        className="filter-bar",
    )


def alarm_seen(incidents: pd.DataFrame) -> dict[str, str]:
    """Return the alarm text per incident the page was built with."""
    if "alarm" not in incidents.columns:
        return {}
    return {str(i): str(a) for i, a in zip(incidents["id"], incidents["alarm"], strict=True) if a}


def incident_grid(
    incidents: pd.DataFrame, cities: pd.DataFrame, agencies: pd.DataFrame
) -> dag.AgGrid:
    """Return the incident list; rows with an alarm carry the `row-alarm` class."""
    return dag.AgGrid(
        id=ids.OPS_GRID,
        rowData=incident_rows(
            incidents,
            RowLabels(
                dict(zip(cities["id"], cities["name"], strict=True)),
                dict(zip(cities["id"], cities["tz"], strict=True)),
                dict(zip(agencies["id"], agencies["name"], strict=True)),
            ),
        ),
        columnDefs=COLUMN_DEFS,
        defaultColDef=DEFAULT_COL_DEF,
        getRowId="params.data.id",
        rowClassRules=ROW_CLASS_RULES,
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "animateRows": False,
            "tooltipShowDelay": 300,
        },
        className="ops-grid",
        style={"height": "100%"},
    )

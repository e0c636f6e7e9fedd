"""The map panel shared by the operations view and the wall: a full-height graph and legend."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.figures.kpi import map_legend


def map_panel(graph_id: str, figure: go.Figure, class_name: str, interactive: bool) -> html.Div:
    """Return the map graph with its kind and status legend; walls get no mode bar."""
    graph = dcc.Graph(
        id=graph_id,
        figure=figure,
        config={
            "displaylogo": False,
            "scrollZoom": interactive,
            "displayModeBar": "hover" if interactive else False,
            # Only what works here: pan, zoom, lasso and box select, reset view, image.
            "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio"],
            "showSendToCloud": False,
            "showEditInChartStudio": False,
        },
        style={"height": "100%"},
    )
    return html.Div([graph, map_legend()], className=class_name)

"""The wall display's map: the incident map on a dark page, for reading from across a room."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.incident_map import incident_map

WALL_BACKGROUND = "#0b1220"


def wall_map(incidents: pd.DataFrame, style: dict | str) -> go.Figure:
    """Build the dark wall map of the given incidents."""
    figure = incident_map(incidents, style, uirevision="wall")
    figure.update_layout(
        paper_bgcolor=WALL_BACKGROUND,
        plot_bgcolor=WALL_BACKGROUND,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )
    return figure

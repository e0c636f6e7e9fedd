"""The wall display's map: the incident map on a dark page, for reading from across a room."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.incident_map import incident_map

WALL_BACKGROUND = "#0b1220"


def wall_map(incidents: pd.DataFrame, style: dict | str, width_px: float = 1920) -> go.Figure:
    """Build the dark wall map, zoomed so a wider display shows the same area larger."""
    figure = incident_map(incidents, style, uirevision=f"wall-{round(width_px)}")
    scale = float(np.clip(width_px / 1920, 1, 4))
    figure.layout.map.zoom = figure.layout.map.zoom + float(np.log2(scale))
    figure.update_layout(
        paper_bgcolor=WALL_BACKGROUND,
        plot_bgcolor=WALL_BACKGROUND,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )
    return figure

"""The wall display's map: the incident map on a dark page, for reading from across a room.

A wall is read from about 5 m, so markers, rings and kind glyphs are drawn larger than on
the operations view, and larger again in proportion to the display's width: a 4K wall
shows them at the same physical size as a 1080p one. MapLibre draws cluster counts at a
fixed 12 px, unreadable from across a room, so the wall does not cluster: a wall shows a
few cities, and every incident keeps its own marker and glyph.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard.figures.incident_map import (
    GLYPH_TRACE,
    MARKER_TRACE,
    RING_TRACE,
    TOP_TRACE,
    incident_map,
    map_patch,
    ring_traces,
)
from dashboard.figures.theme import KIND_GLYPHS

WALL_BACKGROUND = "#0b1220"
# Markers at 1080p, relative to the operations view: about 11 mm across on a 65-inch panel.
WALL_MARKER_SCALE = 1.8
BASE_WIDTH = 1920


def display_scale(width_px: float) -> float:
    """Return how many CSS pixels the display has per pixel of a 1080p wall."""
    return float(np.clip(width_px / BASE_WIDTH, 1, 4))


def wall_map(
    incidents: pd.DataFrame,
    style: dict | str,
    width_px: float = BASE_WIDTH,
    key: str = "",
    layers: list[dict[str, Any]] | None = None,
) -> go.Figure:
    """Build the dark wall map fitted to the incidents, sized for the display's width.

    `layers` are the jurisdictions' outlines in the wall's colours (read.map_layers).
    """
    scale = display_scale(width_px)
    uirevision = f"wall-{key}-{round(width_px)}"
    figure = incident_map(incidents, style, uirevision=uirevision, layers=layers)
    figure.layout.map.zoom = figure.layout.map.zoom + float(np.log2(scale))
    traces = [enlarged(t.to_plotly_json(), WALL_MARKER_SCALE * scale) for t in figure.data]
    for index in MARKER_TRACE.values():
        traces[index]["cluster"] = {"enabled": False}
    for kind, index in GLYPH_TRACE.items():
        traces[index].update(texttemplate=KIND_GLYPHS[kind], meta=None)
    figure = go.Figure(traces, figure.layout)
    figure.update_layout(
        paper_bgcolor=WALL_BACKGROUND,
        plot_bgcolor=WALL_BACKGROUND,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )
    return figure


def enlarged(trace: dict[str, Any], factor: float) -> dict[str, Any]:
    """Return a trace's JSON with its marker and text sizes multiplied by `factor`."""
    marker = trace.get("marker")
    if isinstance(marker, dict) and marker.get("size") is not None:
        size = marker["size"]
        marker["size"] = (
            [round(s * factor, 1) for s in size]
            if isinstance(size, list | tuple)
            else round(size * factor, 1)
        )
    font = trace.get("textfont")
    if isinstance(font, dict) and font.get("size") is not None:
        font["size"] = round(font["size"] * factor, 1)
    return trace


def wall_patch(
    visible: pd.DataFrame, changed: pd.DataFrame, client_seq: int, width_px: float
) -> Patch | None:
    """Edit the wall map in place, as the operations view does; rings at the wall's size."""
    patch = map_patch(visible, changed, client_seq)
    if patch is None:
        return None
    factor = WALL_MARKER_SCALE * display_scale(width_px)
    ring, top = ring_traces(visible.sort_values("first_seq", kind="stable"), None)
    patch["data"][RING_TRACE] = enlarged(as_json(ring), factor)
    patch["data"][TOP_TRACE] = enlarged(as_json(top), factor)
    return patch


def as_json(trace: Any) -> dict[str, Any]:
    """Return a trace as a plain dict, whether built as a Plotly object or as a dict."""
    return dict(trace) if isinstance(trace, dict) else trace.to_plotly_json()

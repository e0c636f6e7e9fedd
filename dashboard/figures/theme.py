"""Colours, marker shapes and a lean Plotly template shared by every figure."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "planned": "#0072B2",
    "active": "#D55E00",
    "contained": "#009E73",
    "closed": "#999999",
}
ALARM_COLOUR = "#D55E00"
OK_COLOUR = "#009E73"
WARN_COLOUR = "#E69F00"

# Kind is carried by size and a letter glyph, so the map reads without colour.
KIND_LABELS = {"operation": "Operation", "staging": "Staging site", "protest": "Protest"}
KIND_GLYPHS = {"operation": "OP", "staging": "ST", "protest": "PR"}
KIND_SIZES = {"operation": 20, "staging": 17, "protest": 15}
# Clusters take one colour per kind (status colours are per point and cannot be summed).
CLUSTER_COLOURS = {"operation": "#9aa6bf", "staging": "#b9a9e0", "protest": "#e3c27a"}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

LEAN_TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
)

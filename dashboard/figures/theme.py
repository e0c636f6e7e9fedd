"""Colours, marker shapes and a lean Plotly template shared by every figure."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Vermillion is
# kept for the alarm alone, so an active protest never looks alarmed.
STATUS_COLOURS = {
    "planned": "#56B4E9",
    "active": "#0072B2",
    "contained": "#009E73",
    "closed": "#999999",
}
# Darker shades of the same hues for status words, at least 4.5:1 (WCAG AA) on the list's
# backgrounds; assets/headsup.css repeats them (a test keeps the two equal).
STATUS_TEXT_COLOURS = {
    "planned": "#2B6E9E",
    "active": "#005A8C",
    "contained": "#00704F",
    "closed": "#666666",
}
# The list's backgrounds: panel, alarm row, selected row.
TEXT_BACKGROUNDS = ("#ffffff", "#fff1e8", "#e6f0fa")
ALARM_COLOUR = "#D55E00"
# The ring around the selected incident: dark, so it reads on the light basemap.
SELECTION_COLOUR = "#1d2330"
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

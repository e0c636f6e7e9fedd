"""KPI tiles: big numbers with a label, alarm-coloured when they need attention."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import html

from dashboard.figures.markup import with_data
from dashboard.figures.theme import KIND_GLYPHS, KIND_LABELS, STATUS_COLOURS

TILES = (
    ("operations", "Active operations", False),
    ("staging", "Staging sites", False),
    ("protests", "Protests", False),
    ("not_told", "Operations and staging sites not told in advance", True),
    ("outside", "Outside the configured region", False),
)
# Tiles shown only when their count is not zero: most sites never see one.
SHOWN_WHEN_NONZERO = frozenset({"outside"})


def map_legend() -> html.Div:
    """Explain the map's letters (kind) and colours (status) in words."""
    kinds = [
        html.Span([html.B(KIND_GLYPHS[k]), f" {KIND_LABELS[k]}"], className="legend-item")
        for k in KIND_GLYPHS
    ]
    statuses = [
        html.Span([html.Span("●", style={"color": c}), f" {s}"], className="legend-item")
        for s, c in STATUS_COLOURS.items()
    ]
    return html.Div(
        [*kinds, html.Span("|", className="legend-sep"), *statuses], className="map-legend"
    )


def kpi_tiles(
    counts: Mapping[str, int], table: Sequence[tuple[str, str, bool]] | None = None
) -> list[html.Div]:
    """Return one tile per count of `table` (key, label, alarms when non-zero)."""
    tiles = []
    for key, label, is_alarm in table or TILES:
        value = counts.get(key, 0)
        if key in SHOWN_WHEN_NONZERO and not value:
            continue
        state = "alarm" if is_alarm and value else "normal"
        tile = html.Div(
            [html.Div(str(value), className="kpi-value"), html.Div(label, className="kpi-label")],
            className=f"kpi kpi-{state}",
            id=f"kpi-{key}",
        )
        tiles.append(with_data(tile, state=state))
    return tiles

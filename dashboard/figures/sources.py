"""Feed health: when each source last reported, so silence is visible, never implied."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from dash import html

from dashboard.domain import format_duration
from dashboard.figures.markup import with_data


def source_health(sources: pd.DataFrame, now: datetime, stale_after_s: int) -> html.Div:
    """List every source with the age of its newest event, stale ones flagged."""
    if sources.empty:
        return html.Div("No source has reported yet.", className="detail-empty")
    rows = [html.Tr([html.Th("Source"), html.Th("Newest event"), html.Th("Events")])]
    for source in sources.sort_values("newest_received_at", ascending=False).itertuples():
        age = now - source.newest_received_at
        state = "stale" if age.total_seconds() > stale_after_s else "fresh"
        row = html.Tr(
            [
                html.Td(str(source.source)),
                html.Td(f"{format_duration(age)} ago", className=f"source-age source-{state}"),
                html.Td(str(source.events)),
            ]
        )
        rows.append(with_data(row, state=state))
    return html.Div(
        [
            html.Div("Select an incident on the map or in the list.", className="detail-empty"),
            html.H4("Sources"),
            html.Table(rows, className="sources"),
        ]
    )

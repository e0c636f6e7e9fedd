"""Plain HTML tables of small frames; every cell is text, so nothing in it runs."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from dash import html


def cell_text(value: object) -> str:
    """Format one cell: times to the second, missing values blank."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %Z")
    return str(value)


def text_table(df: pd.DataFrame, columns: list[str]) -> html.Table:
    """Build a table with a header row and one text row per frame row."""
    head = html.Thead(html.Tr([html.Th(c) for c in columns]))
    rows = [html.Tr([html.Td(cell_text(v)) for v in row]) for row in df[columns].itertuples(False)]
    return html.Table([head, html.Tbody(rows)], className="matrix admin-table")

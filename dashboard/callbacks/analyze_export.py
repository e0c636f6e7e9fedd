"""Exports of the analyst view: what is shown, no more and no less, audited.

The gate refuses these callbacks to sessions without `Permission.EXPORT` before they
run; `require` inside names the exporter for the audit row (who, what, filter, rows).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks.analyze_render import CHART_IDS
from dashboard.figures.analyze_export import points_geojson, table_csv
from dashboard.figures.analyze_map import drawn_points
from dashboard.figures.analyze_table import COLUMNS, sorted_rows, table_rows
from dashboard.read.analyze_view import analyst_view
from dashboard.rules.analyze_url import parse, serialize
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback, require
from dashboard.security.access import audit_request
from dashboard.wording import counted

GEOJSON_FIELDS = ["id", "title", "kind", "status", "city", "notice", "reported_at", "updated_at"]


def export(_csv: Any, _geojson: Any, held: Any) -> tuple[dict[str, Any], str]:
    """Send the table as CSV or the map's points as GeoJSON, and audit it."""
    require(Permission.EXPORT)
    if ctx.triggered_id not in (ids.ANALYZE_EXPORT_CSV, ids.ANALYZE_EXPORT_GEOJSON):
        raise PreventUpdate
    rt = runtime()
    state = parse(held)
    view = analyst_view(rt, state)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if ctx.triggered_id == ids.ANALYZE_EXPORT_CSV:
        ref = rt.reference()
        shown = table_rows(sorted_rows(view.rows, None), ref.agency_names, ref.city_names,
                           ref.city_tz)  # fmt: skip
        content = table_csv(pd.DataFrame(shown, columns=[f for f, _ in COLUMNS]), COLUMNS)
        what, count, name, mime = "csv", len(shown), f"heads-up-{stamp}.csv", "text/csv"
    else:
        points = drawn_points(view.incidents) if state.mode == "points" else view.incidents
        content = points_geojson(points, GEOJSON_FIELDS)
        what, count, name = "geojson", len(points), f"heads-up-{stamp}.geojson"
        mime = "application/geo+json"
    audit_request("export", "ok", f"{what} rows={count} filter={serialize(state) or '(none)'}")
    download = {"content": content, "filename": name, "type": mime}
    return download, f"Exported {counted(count, 'row')}."


def png_saved(saved: Any, held: Any) -> str:
    """Audit a chart the browser saved as PNG (Plotly's image button), with its filter."""
    require(Permission.EXPORT)
    chart = saved.get("chart") if isinstance(saved, dict) else None
    if chart not in CHART_IDS:
        raise PreventUpdate
    state = parse(held)
    view = analyst_view(runtime(), state)
    count = len(view.selected)
    audit_request("export", "ok", f"png {chart} rows={count} filter={serialize(state) or '(none)'}")
    return (
        f"Saved {chart.removeprefix('analyze-chart-')} chart as PNG ({counted(count, 'incident')})."
    )


def register(app: Dash) -> None:
    """Wire the export buttons (present only for sessions that may export)."""
    guarded_callback(
        app,
        Permission.EXPORT,
        Output(ids.ANALYZE_DOWNLOAD, "data"),
        Output(ids.ANALYZE_EXPORT_STATUS, "children"),
        Input(ids.ANALYZE_EXPORT_CSV, "n_clicks"),
        Input(ids.ANALYZE_EXPORT_GEOJSON, "n_clicks"),
        State(ids.ANALYZE_STATE, "data"),
        prevent_initial_call=True,
    )(export)
    guarded_callback(
        app,
        Permission.EXPORT,
        Output(ids.ANALYZE_EXPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.ANALYZE_PNG, "data"),
        State(ids.ANALYZE_STATE, "data"),
        prevent_initial_call=True,
    )(png_saved)
    app.clientside_callback(
        ClientsideFunction("headsup_analyze", "hookImages"),
        Output(ids.ANALYZE_PNG_HOOKED, "data"),
        *[Input(chart, "figure") for chart in CHART_IDS],
    )

"""The detail panel: re-rendered on its own tick when the selected incident changed.

It follows the tick directly rather than the seq store the tick writes, so a change
reaches the panel in one round trip instead of two in a row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.figures.detail import incident_detail, timeline
from dashboard.figures.sources import source_health
from dashboard.read.tracking import alarm_rules, detail_notice, tolerance
from dashboard.read.views import incident_detail_data, source_frame
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback, may


def detail(incident_id: Any, _n: Any, shown: Any) -> tuple[Any, Any, str]:
    """Render the selected incident's panel and timeline when its version moved.

    With nothing selected, the panel shows each source's newest event instead.
    """
    rt = runtime()
    if not isinstance(incident_id, str):
        version = f"sources:{rt.picture.seq}"
        if ctx.triggered_id == ids.OPS_TICK and version == shown:
            raise PreventUpdate
        health = source_health(source_frame(rt), datetime.now(UTC), rt.config.stale_after_s)
        return health, None, version
    incidents = rt.picture.incidents
    if incident_id not in incidents.index:
        empty = html.Div(f"No incident {incident_id!r}.", className="detail-empty")
        return empty, None, ""
    last_seq = int(incidents.loc[incident_id, "last_seq"])
    version = f"{incident_id}:{last_seq}:{rt.reference().version}"
    if ctx.triggered_id == ids.OPS_TICK and version == shown:
        raise PreventUpdate
    data = incident_detail_data(rt, incident_id, last_seq)
    if data is None:
        raise PreventUpdate
    panel = incident_detail(
        data["incident"],
        data["claims"],
        data["tracks"],
        data["agency_names"],
        data["tz"],
        data["city_name"],
        datetime.now(UTC),
        tolerance(rt.config),
        alarm_rules(rt.config).on_scene_within,
        detail_notice(rt, data["incident"], data["tracks"]),
    )
    return (
        panel,
        [
            html.H4("Timeline"),
            timeline(data["events"], data["tz"], data["agency_names"], may(Permission.ADMIN)),
        ],
        version,
    )


def register(app: Dash) -> None:
    """Wire the detail panel."""
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_DETAIL, "children"),
        Output(ids.OPS_TIMELINE, "children"),
        Output(ids.OPS_DETAIL_VERSION, "data"),
        Input(ids.OPS_SELECTED, "data"),
        Input(ids.OPS_TICK, "n_intervals"),
        State(ids.OPS_DETAIL_VERSION, "data"),
    )(detail)

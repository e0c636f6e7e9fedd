"""The alarm tile of the KPI strip: how many alarms, of which kinds, and what they say."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from dash import html

from dashboard.figures.markup import with_data

KIND_LABELS = {
    "not_told": "not told in advance",
    "unacknowledged": "request unacknowledged",
    "not_on_scene": "not on scene",
    "source_silent": "source silent",
}


def alarm_tile(
    alarms: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    agencies: Mapping[str, str] | None = None,
) -> html.Div:
    """Return the tile; `data-alarm` is 'true' while any alarm stands (the wall reuses it).

    `names` gives incident titles and `agencies` agency names, shown in place of ids.
    """
    names, agencies = names or {}, agencies or {}
    count = len(alarms)
    by_kind = alarms["kind"].value_counts()
    summary = " · ".join(
        f"{int(by_kind[k])} {label}" for k, label in KIND_LABELS.items() if k in by_kind
    )
    lines = [_line(a, names, agencies) for a in alarms.to_dict("records")]
    state = "alarm" if count else "normal"
    tile = html.Div(
        [
            html.Div(str(count), className="kpi-value"),
            html.Div("Alarms", className="kpi-label"),
            html.Div(summary or "none", className="kpi-detail"),
        ],
        className=f"kpi kpi-{state} kpi-alarms",
        title="\n".join(lines) or "No alarms",
        id="kpi-alarms",
    )
    return with_data(tile, state=state, alarm="true" if count else "false")


def _line(alarm: dict, names: Mapping[str, str], agencies: Mapping[str, str]) -> str:
    where = alarm.get("incident_id")
    agency = alarm.get("agency_id")
    agency = agencies.get(agency, agency) if isinstance(agency, str) else agency
    prefix = names.get(str(where), str(where)) if isinstance(where, str) else ""
    if isinstance(agency, str):
        prefix = f"{prefix}, {agency}" if prefix else agency
    return f"{prefix}: {alarm['message']}" if prefix else str(alarm["message"])

"""Rows and column definitions of the incident list (dash-ag-grid)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd

from dashboard.clock import CITY_DATETIME, city_time, utc_text
from dashboard.domain import field_conflicts
from dashboard.figures.theme import KIND_LABELS

COLUMN_DEFS = [
    {"field": "title", "headerName": "Incident", "flex": 3, "minWidth": 220},
    {"field": "kind", "headerName": "Kind", "flex": 1, "minWidth": 110},
    {
        "field": "status",
        "headerName": "Status",
        "flex": 1,
        "minWidth": 100,
        "cellClass": {"function": "'status-cell status-' + params.value"},
    },
    {"field": "city", "headerName": "City", "flex": 1, "minWidth": 120},
    {"field": "notified", "headerName": "Notified", "flex": 2, "minWidth": 140},
    {
        "field": "alarm",
        "headerName": "Alarm",
        "flex": 3,
        "minWidth": 200,
        "cellClass": "alarm-cell",
        "tooltipField": "alarm",
    },
    {"field": "crowd", "headerName": "Crowd", "type": "numericColumn", "width": 100},
    # Alarmed incidents first, then by the UTC text (it orders like time across zones), in
    # one comparator (assets/list_sort.js): what needs someone now must not scroll away
    # under a busy feed, and one sorted column shows no sort index badge. Shown in the
    # incident's city time with its zone; UTC on hover.
    {
        "field": "updated",
        "headerName": "Updated",
        "width": 190,
        "sort": "desc",
        "comparator": {"function": "alarmedFirst"},
        "valueFormatter": {"function": "params.data.updated_local"},
        "tooltipField": "updated",
    },
]
# No column filters: the view's one set of filters drives the list, the map and the tiles
# together, and a second set on the list alone would contradict them.
DEFAULT_COL_DEF = {"sortable": True, "filter": False, "resizable": True}
# Rows with an alarm take the `row-alarm` class: the same alarm state the wall view reuses.
ROW_CLASS_RULES = {"row-alarm": "!!params.data.alarm"}


class RowLabels(NamedTuple):
    """What a person reads instead of ids: city names, city time zones and agency names."""

    city_names: Mapping[str, str] = {}
    city_tz: Mapping[str, str] = {}
    agency_names: Mapping[str, str] = {}


NO_LABELS = RowLabels()


def disputed_marker(conflicts: object) -> str:
    """Return ' ⚠ disputed by B' for an incident whose fields another source disputes."""
    sources = sorted({c["source"] for c in field_conflicts(conflicts)})
    return f" ⚠ disputed by {', '.join(sources)}" if sources else ""


def incident_rows(df: pd.DataFrame, labels: RowLabels = NO_LABELS) -> list[dict[str, Any]]:
    """Return one grid row per incident; `id` is the row id for transactions."""
    names, zones, agencies = labels
    return [
        {
            "id": row.id,
            "title": row.title + disputed_marker(getattr(row, "conflicts", None)),
            "kind": KIND_LABELS.get(row.kind, row.kind),
            "status": row.status,
            "city": names.get(row.city, row.city),
            "notified": ", ".join(agencies.get(a, a) for a in row.notified) or "none",
            "alarm": str(getattr(row, "alarm", "") or ""),
            "alarmed": int(bool(getattr(row, "alarm", ""))),
            "crowd": None if pd.isna(row.crowd_size) else int(row.crowd_size),
            "updated": utc_text(row.updated_at),
            "updated_local": city_time(row.updated_at, zones.get(row.city), CITY_DATETIME),
        }
        for row in df.itertuples(index=False)
    ]


def row_transaction(
    changed: pd.DataFrame, client_seq: int, labels: RowLabels = NO_LABELS
) -> dict[str, list[dict[str, Any]]]:
    """Split changed incidents into rows to add (new to the client) and rows to update."""
    added = changed[changed["first_seq"] > client_seq]
    updated = changed[changed["first_seq"] <= client_seq]
    return {"add": incident_rows(added, labels), "update": incident_rows(updated, labels)}

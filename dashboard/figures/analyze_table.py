"""The analyst table: one row per incident and agency track, for AG Grid and the CSV export.

Rows are built for the block the grid asks for (infinite row model), so a table of
100,000 tracks costs the server one sort and one slice per block, never a full send.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pandas as pd

from dashboard.clock import CITY_DATETIME, city_time
from dashboard.domain import format_duration
from dashboard.figures.theme import KIND_LABELS

COLUMNS: list[tuple[str, str]] = [
    ("incident_id", "Incident id"),
    ("title", "Incident"),
    ("kind", "Kind"),
    ("status", "Status"),
    ("city", "City"),
    ("agency", "Agency"),
    ("lead", "Lead time"),
    ("response", "Response time"),
    ("disputed", "Disputed"),
    ("sources", "Sources"),
    ("reported", "Reported"),
]
ROW_FIELDS = ("incident_id", "agency_id", "title", "kind", "status", "city", "lead_time_s",
              "response_lo_s", "response_hi_s", "disputed_steps", "sources",
              "reported_at")  # fmt: skip
DASH = "\u2013"  # an en dash between the ends of a range
# Columns the grid sorts on the server, by the raw column that orders them.
SORT_KEYS = {
    "title": "title",
    "kind": "kind",
    "status": "status",
    "city": "city",
    "agency": "agency_id",
    "lead": "lead_time_s",
    "response": "response_lo_s",
    "disputed": "n_disputed",
    "reported": "reported_at",
}
COLUMN_DEFS: list[dict[str, Any]] = [
    {"field": field, "headerName": header, "sortable": field in SORT_KEYS, "flex": 1,
     "minWidth": 200 if field == "title" else 110}
    for field, header in COLUMNS
    if field != "incident_id"
]  # fmt: skip
# A link to the incident's after-action report (not exported: it is a way in, not data).
REPORT_COLUMN: dict[str, Any] = {
    "field": "report", "headerName": "Report", "cellRenderer": "markdown", "width": 100,
    "sortable": False,
}  # fmt: skip
COLUMN_DEFS.append(REPORT_COLUMN)


def report_link(incident_id: str) -> str:
    """Return a Markdown link to the incident's after-action report (id quoted whole)."""
    return f"[report](/report/{quote(str(incident_id), safe='')})"


def minutes_range(low_s: float | None, high_s: float | None) -> str:
    """Render a response: '38 min', or the range '12\u201347 min' when sources dispute it."""
    if low_s is None or pd.isna(low_s):
        return ""
    low, high = sorted((float(low_s), float(high_s if high_s is not None else low_s)))
    if round(low / 60) == round(high / 60):
        return format_duration(timedelta(seconds=low))
    if high < 3600:
        return f"{round(low / 60)}{DASH}{round(high / 60)} min"
    return DASH.join(format_duration(timedelta(seconds=s)) for s in (low, high))


def lead_text(lead_s: float | None) -> str:
    """Render a lead time: '2 h 10 min ahead', '25 min after start' or 'not notified'."""
    if lead_s is None or pd.isna(lead_s):
        return "not notified"
    text = format_duration(timedelta(seconds=float(lead_s)))
    return f"{text} ahead" if lead_s >= 0 else f"{text} after start"


def sorted_rows(rows: pd.DataFrame, sort_model: Any) -> pd.DataFrame:
    """Order the track rows by the grid's sort model (known columns only), else by report."""
    model = sort_model if isinstance(sort_model, list) else []
    keys = [
        (SORT_KEYS[m["colId"]], m.get("sort") != "desc")
        for m in model
        if isinstance(m, dict) and m.get("colId") in SORT_KEYS
    ]
    if not keys:
        keys = [("reported_at", False)]
    columns, ascending = zip(*keys, strict=True)
    return rows.sort_values(list(columns), ascending=list(ascending), kind="stable")


def table_rows(
    rows: pd.DataFrame, names: Mapping[str, str], cities: Mapping[str, str],
    zones: Mapping[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    """Return the grid's (and the CSV's) rows for these tracks, as people read them."""
    out = []
    # Only the fields a row shows: `to_dict` boxes every value of every column it is given.
    for r in rows[list(ROW_FIELDS)].to_dict("records"):
        disputed = r["disputed_steps"]
        out.append(
            {
                "row_id": f"{r['incident_id']}|{r['agency_id']}",
                "incident_id": r["incident_id"],
                "title": r["title"],
                "kind": KIND_LABELS.get(r["kind"], r["kind"]),
                "status": r["status"],
                "city": cities.get(r["city"], r["city"]),
                "agency": names.get(r["agency_id"], r["agency_id"]),
                "lead": lead_text(r["lead_time_s"]),
                "response": minutes_range(r["response_lo_s"], r["response_hi_s"]),
                "disputed": ", ".join(s.replace("_", " ") for s in disputed)
                if len(disputed)
                else "no",
                "sources": ", ".join(r["sources"]),
                "reported": city_time(r["reported_at"], zones.get(r["city"]), CITY_DATETIME),
                "report": report_link(r["incident_id"]),
            }
        )
    return out

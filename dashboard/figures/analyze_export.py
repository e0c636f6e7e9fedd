"""Exports of the analyst view: the table as CSV, the map's points as GeoJSON.

Pure: frames in, text out. A spreadsheet runs a cell that starts with `=`, `+`, `-` or
`@` (or a tab or carriage return, which some read past) as a formula, so every such
text cell gets a leading `'` (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Return a text cell a spreadsheet will not run: `'` before a formula's first character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(rows: pd.DataFrame, columns: list[tuple[str, str]]) -> str:
    """Return the rows as CSV with the given (field, header) columns, every text cell guarded."""
    fields = [field for field, _ in columns]
    shown = rows.reindex(columns=fields).copy()
    for field in fields:
        shown[field] = [csv_safe(v) for v in shown[field]]
    shown.columns = [header for _, header in columns]
    return shown.to_csv(index=False, lineterminator="\r\n")


def points_geojson(incidents: pd.DataFrame, fields: list[str]) -> str:
    """Return the incidents as a GeoJSON FeatureCollection of points with the given fields."""
    features = []
    for row in incidents.to_dict("records"):
        properties = {f: _plain(row.get(f)) for f in fields}
        features.append(
            {
                "type": "Feature",
                "id": str(row["id"]),
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["lon"]), float(row["lat"])],
                },
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features})


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: ISO times, None for missing, lists as lists."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value

"""Read reference files: a GeoJSON FeatureCollection of jurisdictions, a CSV of agencies.

Each reader returns the rows and every problem found, by feature or by line
(`features[3].geometry`, `line 4.jurisdictions`); a caller writes nothing if any.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection
from typing import Any

from dashboard.reference.geometry import GeometryProblem, canonical, circle, label_point, read_area
from dashboard.reference.locality import closest_names
from dashboard.reference.model import (
    AGENCY_FIELDS,
    JURISDICTION_KINDS,
    Problems,
    check_agency_kind,
    check_choice,
    check_id,
    check_name,
    check_tz,
)

Row = dict[str, Any]


def read_jurisdictions(data: bytes) -> tuple[list[Row], Problems]:
    """Return the jurisdiction rows of a GeoJSON FeatureCollection, and its problems."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], [("(file)", f"not GeoJSON: {exc}")]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return [], [("type", "expected a GeoJSON FeatureCollection")]
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        return [], [("features", "expected a non-empty list of features")]
    rows: list[Row] = []
    problems: Problems = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        row, found = read_feature(feature, f"features[{index}]")
        problems.extend(found)
        if row is not None:
            if row["id"] in seen:
                problems.append((f"features[{index}].properties.id", "appears twice in the file"))
            seen.add(row["id"])
            rows.append(row)
    return rows, problems


def read_feature(feature: Any, path: str) -> tuple[Row | None, Problems]:
    """Return one jurisdiction row from a GeoJSON Feature, or its problems."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [(path, "expected a GeoJSON Feature")]
    props = feature.get("properties")
    if not isinstance(props, dict):
        return None, [(f"{path}.properties", "expected an object")]
    problems: Problems = []
    for name, check in (
        ("id", check_id),
        ("name", check_name),
        ("kind", lambda v: check_choice(v, JURISDICTION_KINDS)),
        ("tz", check_tz),
    ):
        why = check(props.get(name))
        if why:
            problems.append((f"{path}.properties.{name}", why))
    state = props.get("state") or ""
    if not isinstance(state, str) or len(state) > 2:
        problems.append((f"{path}.properties.state", "must be a two-letter code, or absent"))
    try:
        shape = _boundary(feature.get("geometry"), props)
    except GeometryProblem as exc:
        problems.append((f"{path}.geometry", str(exc)))
        shape = None
    if problems or shape is None:
        return None, problems
    boundary, lat, lon, approx = shape
    row = {
        "id": props["id"],
        "name": props["name"],
        "kind": props["kind"],
        "state": state.upper(),
        "tz": props["tz"],
        "lat": lat,
        "lon": lon,
        "boundary": boundary,
        "boundary_approx": approx,
    }
    return row, []


def _boundary(geometry: Any, props: dict[str, Any]) -> tuple[str, float, float, bool]:
    """Return (boundary text, label lat, label lon, approximate) of a feature's geometry.

    A Point with a `radius_km` property is the fallback for a place without an outline:
    it is stored as a circle and marked approximate.
    """
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coords = geometry.get("coordinates")
        radius = props.get("radius_km")
        if not (isinstance(coords, list) and len(coords) == 2 and all(map(_number, coords))):
            raise GeometryProblem("a Point needs coordinates [lon, lat]")
        if not _number(radius):
            raise GeometryProblem("a Point needs a radius_km property (its approximate size)")
        lon, lat = float(coords[0]), float(coords[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryProblem("coordinates must be [longitude, latitude] in degrees")
        return canonical(circle(lat, lon, float(radius or 0))), lat, lon, True
    clean, area = read_area(geometry)
    lat, lon = label_point(area)
    if _number(props.get("lat")) and _number(props.get("lon")):
        lat, lon = float(props["lat"]), float(props["lon"])
    return canonical(clean), lat, lon, props.get("boundary_approx") is True


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_agencies(data: bytes, known: Collection[str]) -> tuple[list[Row], Problems]:
    """Return the agency rows of a CSV (id, name, kind, jurisdictions), and its problems."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [("(file)", f"not UTF-8 text: {exc}")]
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="(extra)")
    header = reader.fieldnames or []
    missing = [name for name in AGENCY_FIELDS if name not in header]
    if missing:
        return [], [(f"line 1.{name}", "required column missing") for name in missing]
    rows: list[Row] = []
    problems: Problems = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        row, found = read_agency(record, f"line {line}", known)
        problems.extend(found)
        if row is not None:
            if row["id"] in seen:
                problems.append((f"line {line}.id", "appears twice in the file"))
            seen.add(row["id"])
            rows.append(row)
    return rows, problems


def read_agency(
    record: dict[str, Any], path: str, known: Collection[str]
) -> tuple[Row | None, Problems]:
    """Return one agency row (its jurisdictions a sorted list), or its problems."""
    if record.get("(extra)"):
        return None, [(path, "more cells than columns")]
    problems: Problems = []
    for name, check in (("id", check_id), ("name", check_name), ("kind", check_agency_kind)):
        why = check(record.get(name))
        if why:
            problems.append((f"{path}.{name}", why))
    places = (record.get("jurisdictions") or "").split()
    for given in dict.fromkeys(p for p in places if p not in known):
        problems.append((f"{path}.jurisdictions", unknown_jurisdiction(given, known)))
    if problems:
        return None, problems
    return {
        "id": record["id"],
        "name": record["name"],
        "kind": record["kind"],
        "jurisdictions": sorted(set(places), key=places.index),
    }, []


def unknown_jurisdiction(given: str, known: Collection[str]) -> str:
    """Say which jurisdiction id is unknown and which known ids look like it."""
    hint = closest_names(given, known)
    return f"unknown jurisdiction {given!r}" + (
        f"; closest known: {', '.join(hint)}" if hint else ""
    )

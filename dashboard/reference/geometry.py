"""Boundaries: read and check GeoJSON geometries, build the centre-and-radius fallback."""

from __future__ import annotations

import json
import math
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

AREA_TYPES = ("Polygon", "MultiPolygon")
DECIMALS = 6  # about 10 cm: far finer than any boundary file, and it keeps texts stable
KM_PER_DEGREE = 111.32
CIRCLE_SIDES = 64


class GeometryProblem(ValueError):
    """The geometry cannot be a boundary; the message says why."""


def _rounded(coords: Any) -> Any:
    if isinstance(coords, int | float) and not isinstance(coords, bool):
        if not math.isfinite(coords):
            raise GeometryProblem("coordinates must be finite numbers")
        return round(float(coords), DECIMALS)
    if isinstance(coords, list | tuple):
        return [_rounded(c) for c in coords]
    raise GeometryProblem("coordinates must be nested arrays of numbers")


def canonical(geometry: dict[str, Any]) -> str:
    """Return the one text a geometry is stored as, so an unchanged re-import compares equal."""
    return json.dumps(geometry, separators=(",", ":"))


def read_area(geometry: Any) -> tuple[dict[str, Any], BaseGeometry]:
    """Return a Polygon or MultiPolygon, rounded, with its shapely shape; refuse anything else."""
    if not isinstance(geometry, dict) or geometry.get("type") not in AREA_TYPES:
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise GeometryProblem(f"expected a Polygon or MultiPolygon, got {kind}")
    clean = {"type": geometry["type"], "coordinates": _rounded(geometry.get("coordinates"))}
    try:
        area = shape(clean)
    except (ValueError, TypeError, IndexError, AttributeError, shapely.errors.GEOSException):
        raise GeometryProblem("the coordinates do not make rings of [lon, lat] points") from None
    if area.is_empty:
        raise GeometryProblem("the polygon is empty")
    if not area.is_valid:
        raise GeometryProblem(f"invalid polygon: {explain_validity(area)}")
    minx, miny, maxx, maxy = area.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise GeometryProblem("coordinates must be [longitude, latitude] in degrees")
    return clean, area


def circle(lat: float, lon: float, radius_km: float) -> dict[str, Any]:
    """Return a polygon of `radius_km` around a centre: the fallback when no outline exists."""
    if not (0 < radius_km <= 500):
        raise GeometryProblem("radius_km must be more than 0 and at most 500")
    dlat = radius_km / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    ring = [
        [
            round(lon + dlon * math.cos(2 * math.pi * i / CIRCLE_SIDES), DECIMALS),
            round(lat + dlat * math.sin(2 * math.pi * i / CIRCLE_SIDES), DECIMALS),
        ]
        for i in range(CIRCLE_SIDES)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def label_point(area: BaseGeometry) -> tuple[float, float]:
    """Return (lat, lon) of a point inside the area, where its name can be drawn."""
    point = area.representative_point()
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def point(lat: float, lon: float) -> Point:
    """Return the shapely point of (lat, lon)."""
    return Point(lon, lat)

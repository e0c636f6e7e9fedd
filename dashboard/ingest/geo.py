"""Small geometry for inputs: polygon centroids and the nearest known city."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

EARTH_RADIUS_KM = 6371.0088
Point = tuple[float, float]  # (lat, lon), the order CAP uses


def distance_km(a: Point, b: Point) -> float:
    """Return the great-circle distance between two points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def centroid(ring: Sequence[Point]) -> Point:
    """Return the area centroid of a closed ring, or the mean of its vertices if it has no area.

    Planar formulas are fine at the size of an alert polygon (tens of km).
    """
    points = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    area2 = cx = cy = 0.0
    for (y0, x0), (y1, x1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-12:
        return (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
        )
    return cy / (3 * area2), cx / (3 * area2)


def nearest_city(
    point: Point, cities: Iterable[tuple[str, float, float]], radius_km: float
) -> tuple[str | None, float | None]:
    """Return (city id, distance) of the nearest city within the radius, else (None, nearest)."""
    best: tuple[str | None, float | None] = (None, None)
    for city_id, lat, lon in cities:
        d = distance_km(point, (lat, lon))
        if best[1] is None or d < best[1]:
            best = (city_id, d)
    if best[1] is None or best[1] > radius_km:
        return None, best[1]
    return best

"""Locality by polygon: which jurisdictions contain a point, with one STRtree per version.

A point on a boundary belongs to the jurisdiction (`covers`, not `contains`): two
neighbouring cities share that line, and both are told rather than neither.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely import STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

PLACE_COLUMNS = ["incident_id", "jurisdiction_id"]


@dataclass(frozen=True)
class Place:
    """One jurisdiction as locality sees it."""

    id: str
    name: str
    kind: str
    area: float


class Locality:
    """Answers which jurisdictions hold a point, smallest first, and finds a city by name."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Index rows of (id, name, kind, boundary GeoJSON text or None)."""
        places: list[Place] = []
        shapes: list[BaseGeometry] = []
        self.names: dict[str, str] = {}
        for jid, name, kind, boundary in rows:
            self.names[jid] = name
            if not isinstance(boundary, str) or not boundary:
                continue  # a jurisdiction from before boundaries: named, never located
            area = shape(json.loads(boundary))
            places.append(Place(jid, name, kind, float(area.area)))
            shapes.append(area)
        self.places = places
        self._tree = STRtree(shapes)
        self._by_lower = {name.casefold(): jid for jid, name in self.names.items()}
        self._by_lower.update({jid.casefold(): jid for jid in self.names})

    def jurisdictions_at(self, lat: float, lon: float) -> list[str]:
        """Return the ids of every jurisdiction whose boundary covers the point, smallest first."""
        hits = self._tree.query(shapely.points(lon, lat), predicate="covered_by")
        found = sorted((self.places[i] for i in hits), key=lambda p: (p.area, p.id))
        return [p.id for p in found]

    def by_size(self) -> list[str]:
        """Return the located jurisdictions' ids, smallest first."""
        return [p.id for p in sorted(self.places, key=lambda p: (p.area, p.id))]

    def primary(self, ids: Sequence[str]) -> str | None:
        """Return the smallest city among `ids` (smallest first), else the smallest one."""
        kinds = {p.id: p.kind for p in self.places}
        cities = [i for i in ids if kinds.get(i) == "city"]
        chosen = cities or list(ids)
        return chosen[0] if chosen else None

    def resolve_name(self, given: str) -> str | None:
        """Return the id of the jurisdiction named or identified by `given`, in any case."""
        return self._by_lower.get(given.strip().casefold())

    def closest_names(self, given: str, n: int = 3) -> list[str]:
        """Return the known names most like `given`, for a refusal's message."""
        return closest_names(given, self.names.values(), n)

    def places_of(self, incidents: pd.DataFrame) -> pd.DataFrame:
        """Return (incident_id, jurisdiction_id) for every jurisdiction holding each incident.

        The incident's own `city` always counts, so an incident filed under a city that
        has no boundary yet keeps that city's agencies.
        """
        if incidents.empty:
            return pd.DataFrame(columns=PLACE_COLUMNS)
        ids = incidents["id"].to_numpy()
        lat = pd.to_numeric(incidents["lat"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(incidents["lon"], errors="coerce").to_numpy(dtype=float)
        located = np.isfinite(lat) & np.isfinite(lon)
        pairs: list[tuple[str, str]] = []
        if located.any() and self.places:
            points = shapely.points(lon[located], lat[located])
            which, hit = self._tree.query(points, predicate="covered_by")
            located_ids = ids[located]
            pairs = [(located_ids[i], self.places[j].id) for i, j in zip(which, hit, strict=True)]
        cities = [(i, c) for i, c in zip(ids, incidents["city"], strict=True) if c]
        found = pd.DataFrame(pairs + cities, columns=PLACE_COLUMNS)
        return found.drop_duplicates().reset_index(drop=True)


def closest_names(given: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return the `known` names most like `given` in any case, else the first few of them."""
    names = sorted(known)
    lowered = {name.casefold(): name for name in names}
    close = difflib.get_close_matches(given.casefold(), list(lowered), n=n, cutoff=0.4)
    return [lowered[c] for c in close] or names[:n]

"""Give each incident event its primary jurisdiction, as the reference data says at arrival.

A `city` given by name or in another case becomes the jurisdiction's id; an unknown one
is refused with the closest known names. An event with a point and no city gets the
smallest city containing the point, else the smallest jurisdiction, else none: the
incident is then outside the configured region, and still stored.

The resolved event is what the log keeps, so a replay sees the jurisdiction that was in
force when the event arrived, whatever the boundaries say later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dashboard.ingest.models import Event
from dashboard.reference.locality import Locality

LocalitySource = Callable[[bool], Locality]


@dataclass(frozen=True)
class UnknownCity:
    """A city an event names that no jurisdiction has: where, what, and what was meant."""

    index: int
    given: str
    closest: list[str]

    @property
    def message(self) -> str:
        """Say what is unknown and what the sender may have meant."""
        hint = f"; closest known: {', '.join(self.closest)}" if self.closest else ""
        return f"unknown city {self.given!r}{hint}"


def needs_locality(event: Event, known_ids: frozenset[str] | set[str]) -> bool:
    """Tell whether an event's city must be looked up (absent with a point, or not an id)."""
    fields = event.incident
    if fields is None:
        return False
    if fields.city is None:
        return fields.lat is not None and fields.lon is not None
    return fields.city not in known_ids


def resolve(
    batch: Sequence[Event], known_ids: set[str], source: LocalitySource
) -> tuple[list[Event], list[UnknownCity]]:
    """Return the batch with cities resolved, and the events whose city is unknown."""
    if not any(needs_locality(e, known_ids) for e in batch):
        return list(batch), []
    locality = source(False)
    out: list[Event] = []
    unknown: list[UnknownCity] = []
    for index, event in enumerate(batch):
        if not needs_locality(event, known_ids):
            out.append(event)
            continue
        resolved = _resolve_one(event, locality)
        if resolved is None:  # the snapshot may predate a write by another process
            locality = source(True)
            resolved = _resolve_one(event, locality)
        if resolved is None:
            given = str(event.incident.city) if event.incident else ""
            unknown.append(UnknownCity(index, given, locality.closest_names(given)))
            out.append(event)
        else:
            out.append(resolved)
    return out, unknown


def _resolve_one(event: Event, locality: Locality) -> Event | None:
    fields = event.incident
    assert fields is not None
    if fields.city is not None:
        found = locality.resolve_name(fields.city)
        if found is None:
            return None
        city: str | None = found
    else:
        assert fields.lat is not None and fields.lon is not None
        city = locality.primary(locality.jurisdictions_at(fields.lat, fields.lon))
    if city == fields.city:
        return event
    return event.model_copy(update={"incident": fields.model_copy(update={"city": city})})

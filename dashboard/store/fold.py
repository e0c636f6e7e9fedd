"""Pure rules of the projection: an incident's fields from its events, and retractions in force.

Incident fields belong to the source that reported the incident (its first report in
time order). Another source's update or close is kept as a claim, never applied: the
picture keeps the owner's value and lists the claim as a conflict. The command center
(sources `operator:<name>`, the signed-in operators) runs the picture and may override.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dashboard.domain import COMMAND_CENTER_PREFIX

INCIDENT_FIELDS = (
    "kind",
    "status",
    "title",
    "lat",
    "lon",
    "city",
    "address",
    "started_at",
    "crowd_size",
)


@dataclass(frozen=True)
class Folded:
    """An incident's fields as its owner and the command center set them, and the claims."""

    owner: str
    state: dict[str, Any]
    conflicts: list[dict[str, Any]]


def claimed_fields(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Return the incident fields an incident event sets (a close sets the status).

    A point with no city is outside the configured region (city "").
    """
    fields = payload.get("incident") or {}
    found = {k: v for k, v in fields.items() if k in INCIDENT_FIELDS and v is not None}
    if "lat" in found and "lon" in found and "city" not in found:
        # Ingest gives a point without a city the jurisdiction holding it; none is left
        # only outside every one, and the incident follows its point there, as a report does.
        found["city"] = ""
    if event_type == "incident.closed":
        found["status"] = "closed"
    return found


def may_set(source: str, owner: str) -> bool:
    """Tell whether a source's incident event is applied, rather than kept as a claim."""
    return source == owner or source.startswith(COMMAND_CENTER_PREFIX)


def fold_incident(rows: Iterable[tuple[str, str, dict[str, Any]]]) -> Folded | None:
    """Fold (type, source, payload) rows in time order; None when nothing reports it."""
    rows = list(rows)
    owner = next((src for kind, src, _ in rows if kind == "incident.reported"), None)
    if owner is None:
        return None
    # An event may leave the city out: the point lies outside every jurisdiction.
    state: dict[str, Any] = {"status": "active", "city": "", "address": None,
                             "started_at": None, "crowd_size": None}  # fmt: skip
    claims: dict[tuple[str, str], Any] = {}
    for event_type, source, payload in rows:
        fields = claimed_fields(event_type, payload)
        if may_set(source, owner):
            state.update(fields)
        else:
            claims.update({(name, source): value for name, value in fields.items()})
    conflicts = [
        {"field": name, "source": source, "value": value}
        for (name, source), value in sorted(claims.items())
        if value != state.get(name)
    ]
    return Folded(owner, state, conflicts)


def retractions_in_force(
    newest_first: Iterable[tuple[str, str, dict[str, Any]]],
) -> dict[tuple[str, str], tuple[str, str, str]]:
    """Map each retracted (source, event_id) to the (source, event_id, reason) retracting it.

    `newest_first` holds the retraction events (source, event_id, data) newest first. A
    retraction only names an event stored before it, so walking from the newest, every
    retraction of a retraction is met before the retraction it cancels.
    """
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for source, event_id, data in newest_first:
        if (source, event_id) in found:
            continue  # itself retracted: it retracts nothing
        target = data["retracts"]
        found[(str(target["source"]), str(target["event_id"]))] = (
            source,
            event_id,
            str(data.get("reason", "")),
        )
    return found

"""The illustrative demo scenario: Los Angeles-area operations and protests, plus other cities.

Drawn loosely from public reporting; names, times and figures are illustrative only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dashboard.demo.places import AGENCIES, JURISDICTIONS
from dashboard.ingest.models import Event

ILLUSTRATIVE = "Illustrative demo scenario: not real-time data."

# The places live in dashboard.demo.places; re-exported for the feed and the benchmarks.
__all__ = ["AGENCIES", "ILLUSTRATIVE", "JURISDICTIONS", "scenario_arrivals", "scenario_events"]

# Minutes between occurring and reaching the server for the reports that came in late,
# so "as known" and "as it happened" tell different stories; the rest arrive in 1-2 min.
LATE_REPORTS = {
    ("ice-ero", "st-pm-1"): 45,  # the staging site came to light 45 min after it was set up
    ("lasd-cad", "pr-pm-8"): 42,  # the sheriff's CAD sent its on-scene claim late
}


def _incident(kind: str, title: str, lat: float, lon: float, city: str | None, address: str,
              started_at: datetime, crowd: int | None = None,
              status: str = "active") -> dict[str, Any]:  # fmt: skip
    """Return incident fields; a city of None leaves it to the point, as a sender may."""
    return {"kind": kind, "status": status, "title": title, "lat": lat, "lon": lon,
            "city": city, "address": address, "started_at": started_at,
            "crowd_size": crowd}  # fmt: skip


def scenario_events(now: datetime) -> list[Event]:
    """Return the seed events, timed relative to `now` so the picture looks current."""
    t0 = now - timedelta(hours=4)

    def at(minutes: int) -> datetime:
        return t0 + timedelta(minutes=minutes)

    # (source, event_id, type, minute, incident_id, agency, incident fields, data)
    # fmt: off
    raw: list[tuple[str, str, str, int, str, str | None, dict[str, Any] | None,
                    dict[str, Any]]] = [
        # Fashion District worksite operation: LAPD told 25 min after it began, mayor never.
        ("ice-ero", "op-fd-1", "incident.reported", 0, "op-fashion", None,
         _incident("operation", "Worksite operation, Fashion District", 34.0407, -118.2500,
                   "los-angeles", "Fashion District, downtown Los Angeles", at(0)), {}),
        ("ice-ero", "op-fd-2", "notification.sent", 25, "op-fashion", "lapd", None,
         {"channel": "phone", "by": "ice-ero duty officer"}),
        ("lapd-cad", "op-fd-3", "notification.acknowledged", 31, "op-fashion", "lapd", None, {}),
        ("lapd-cad", "pr-fd-1", "incident.reported", 55, "protest-fashion", None,
         _incident("protest", "Protest at the operation site", 34.0412, -118.2489,
                   "los-angeles", "Los Angeles St & 9th St", at(50), crowd=150), {}),
        ("lapd-cad", "pr-fd-2", "incident.updated", 110, "protest-fashion", None,
         {"crowd_size": 800}, {}),
        ("lapd-cad", "pr-fd-3", "unit.dispatched", 60, "protest-fashion", "lapd", None, {}),
        ("lapd-cad", "pr-fd-4", "unit.on_scene", 72, "protest-fashion", "lapd", None, {}),
        # Paramount staging area: neither the sheriff nor the city was told in advance.
        # ICE gives no city: the point lies in Paramount and in Los Angeles County.
        ("ice-ero", "st-pm-1", "incident.reported", 70, "staging-paramount", None,
         _incident("staging", "Staging area outside home-improvement store", 33.8867,
                   -118.1652, None, "Alondra Blvd, Paramount", at(60)), {}),
        ("lasd-cad", "pr-pm-1", "incident.reported", 95, "protest-paramount", None,
         _incident("protest", "Protest at the staging area", 33.8872, -118.1640, "paramount",
                   "Alondra Blvd, Paramount", at(90), crowd=120), {}),
        ("lasd-cad", "pr-pm-2", "incident.updated", 150, "protest-paramount", None,
         {"crowd_size": 600}, {}),
        # The disputed response: 38 min by the sheriff's CAD, more than two hours per ICE.
        ("ice-ero", "pr-pm-3", "assistance.requested", 100, "protest-paramount", "lasd", None,
         {"channel": "radio"}),
        ("lasd-cad", "pr-pm-4", "assistance.requested", 100, "protest-paramount", "lasd", None,
         {"channel": "radio"}),
        ("lasd-cad", "pr-pm-5", "notification.acknowledged", 103, "protest-paramount", "lasd",
         None, {}),
        ("lasd-cad", "pr-pm-6", "unit.dispatched", 106, "protest-paramount", "lasd", None, {}),
        ("lasd-cad", "pr-pm-7", "unit.en_route", 110, "protest-paramount", "lasd", None, {}),
        ("lasd-cad", "pr-pm-8", "unit.on_scene", 138, "protest-paramount", "lasd", None, {}),
        ("ice-ero", "pr-pm-9", "unit.on_scene", 227, "protest-paramount", "lasd", None, {}),
        # The local CADs keep reporting up to now: at start-up no feed looks silent.
        ("lapd-cad", "pr-fd-5", "incident.updated", 238, "protest-fashion", None,
         {"crowd_size": 650}, {}),
        ("lasd-cad", "pr-pm-10", "incident.updated", 236, "protest-paramount", None,
         {"crowd_size": 450}, {}),
        ("chicago-oemc", "pr-chi-2", "incident.updated", 234, "protest-chicago", None,
         {"crowd_size": 110}, {}),
        ("ppb-cad", "pr-pdx-3", "incident.updated", 232, "protest-portland", None,
         {"crowd_size": 75}, {}),
        # Other cities, so filtering by city means something.
        ("ice-ero", "op-chi-1", "incident.reported", 30, "op-chicago", None,
         _incident("operation", "Enforcement operation, Little Village", 41.8466, -87.7046,
                   "chicago", "26th St, Little Village", at(150), status="planned"), {}),
        ("ice-ero", "op-chi-2", "notification.sent", 20, "op-chicago", "cpd", None,
         {"channel": "email"}),
        ("chicago-oemc", "op-chi-3", "notification.acknowledged", 40, "op-chicago", "cpd",
         None, {}),
        ("chicago-oemc", "pr-chi-1", "incident.reported", 170, "protest-chicago", None,
         _incident("protest", "Vigil outside the processing center", 41.8790, -87.6330,
                   "chicago", "S Clark St", at(165), crowd=90), {}),
        ("ppb-cad", "pr-pdx-1", "incident.reported", 120, "protest-portland", None,
         _incident("protest", "Protest at the field office", 45.4953, -122.6720, "portland",
                   "S Macadam Ave", at(115), crowd=60), {}),
        # A request nobody has answered yet: the live counter ticks and the alarm stands.
        ("ice-ero", "pr-pdx-2", "assistance.requested", 226, "protest-portland", "ppb", None,
         {"channel": "phone"}),
        ("ice-ero", "op-clt-1", "incident.reported", 180, "op-charlotte", None,
         _incident("operation", "Enforcement operation, east Charlotte", 35.2110, -80.7780,
                   "charlotte", "Central Ave", at(200), status="planned"), {}),
        ("ice-ero", "op-clt-2", "notification.sent", 190, "op-charlotte", "cmpd", None,
         {"channel": "phone"}),
    ]
    # fmt: on
    return [
        Event.model_validate(
            {
                "source": source,
                "event_id": event_id,
                "type": event_type,
                "occurred_at": at(minute),
                "incident_id": incident_id,
                "agency": agency,
                "incident": incident,
                "data": data,
            }
        )
        for source, event_id, event_type, minute, incident_id, agency, incident, data in raw
    ]  # fmt: skip


def scenario_arrivals(now: datetime) -> list[tuple[Event, datetime]]:
    """Return the seed events with when each reached the server, in the order received.

    An event about an incident never arrives before that incident's report: the log
    refuses steps of incidents it does not know.
    """
    reported_at: dict[str, datetime] = {}
    timed: list[tuple[datetime, int, Event]] = []
    for index, event in enumerate(scenario_events(now)):
        delay = LATE_REPORTS.get((event.source, event.event_id), 1 + index % 2)
        received = min(event.occurred_at + timedelta(minutes=delay), now)
        if event.type == "incident.reported":
            reported_at.setdefault(event.incident_id, received)
        received = max(received, reported_at.get(event.incident_id, received))
        timed.append((received, index, event))
    return [(event, received) for received, _index, event in sorted(timed)]

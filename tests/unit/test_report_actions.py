"""Incidents entered by hand: what a report or status change becomes, and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from dashboard.actions import (
    ActionInvalid,
    IncidentReport,
    StatusChange,
    nearest_city,
    report_confirmation,
    report_event,
    status_event,
)

NOW = datetime(2026, 6, 6, 20, 0, tzinfo=UTC)
KEY = "0123456789abcdef0123456789abcdef"
CITY_TZ = {"paramount": "America/Los_Angeles", "chicago": "America/Chicago"}
CITIES = pd.DataFrame(
    {
        "id": ["paramount", "chicago"],
        "name": ["Paramount", "Chicago"],
        "tz": [CITY_TZ["paramount"], CITY_TZ["chicago"]],
        "lat": [33.889, 41.878],
        "lon": [-118.160, -87.630],
    }
)
RADIUS_KM = 60.0


def report(**fields) -> IncidentReport:
    values = {
        "key": KEY,
        "kind": "staging",
        "title": "Federal agents staging at the Home Depot",
        "address": "Alondra Blvd",
        "lat": "33.8867",
        "lon": -118.1652,
        "city": "paramount",
        "time_text": "",
    }
    return IncidentReport(**{**values, **fields})


def test_trk601_a_report_becomes_one_incident_reported_event() -> None:
    event = report_event(
        report(time_text="2026-06-06 12:30"), "operator:jdoe", CITIES, NOW, RADIUS_KM
    )
    assert (event.type, event.source, event.event_id) == (
        "incident.reported",
        "operator:jdoe",
        f"ui-{KEY}",
    )
    assert event.incident_id == f"opr-{KEY}"  # the same key: the same incident
    assert event.incident is not None
    assert (event.incident.kind, event.incident.status, event.incident.city) == (
        "staging",
        "active",
        "paramount",
    )
    assert (event.incident.lat, event.incident.lon) == (33.8867, -118.1652)
    # 12:30 PDT is 19:30 UTC: the start is read in the city's zone.
    assert event.incident.started_at == datetime(2026, 6, 6, 19, 30, tzinfo=UTC)
    assert event.occurred_at == event.incident.started_at


def test_trk602_blank_start_means_now() -> None:
    event = report_event(report(), "operator:jdoe", CITIES, NOW, RADIUS_KM)
    assert event.incident is not None and event.incident.started_at == NOW


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"city": "atlantis"}, "unknown city 'atlantis'"),
        ({"city": ["paramount"]}, "unknown city"),
        ({"lat": "95"}, "latitude must lie between -90 and 90"),
        ({"lon": "-181"}, "longitude must lie between -180 and 180"),
        ({"lat": "nan"}, "latitude must lie between"),
        ({"lat": "north"}, "latitude 'north' is not a number"),
        ({"lat": None}, "pick the point on the map or type the latitude"),
        ({"lon": " "}, "pick the point on the map or type the longitude"),
        ({"lat": True}, "latitude must be a number"),
        ({"title": "   "}, "write a title"),
        ({"title": "x" * 201}, "longer than 200"),
        ({"kind": "riot"}, "unknown kind 'riot'"),
        ({"key": "../../etc"}, "reload the page"),
        ({"time_text": "2026-03-08 02:30"}, "does not exist in America/Los_Angeles"),
        ({"time_text": "2026-11-01 01:30"}, "happens twice"),
        ({"time_text": "2026-06-07 12:00"}, "in the future"),
        # A point far from the city chosen is refused, never filed under another city.
        ({"lat": 0, "lon": 0}, "km from Paramount; reports are taken within 60 km"),
        ({"lat": 41.88, "lon": -87.63}, "from Paramount"),
    ],
)
def test_trk603_a_bad_report_is_refused_with_a_reason(fields: dict, says: str) -> None:
    with pytest.raises(ActionInvalid) as refused:
        report_event(report(**fields), "operator:jdoe", CITIES, NOW, RADIUS_KM)
    assert says in str(refused.value)


def test_trk604_the_confirmation_names_the_city_and_city_time() -> None:
    event = report_event(
        report(time_text="2026-06-06 12:30"), "operator:jdoe", CITIES, NOW, RADIUS_KM
    )
    text = report_confirmation(event, False, {"paramount": "Paramount"}, CITY_TZ["paramount"])
    assert text == (
        "Reported: Federal agents staging at the Home Depot (Staging site, Paramount) "
        "since Jun 06 12:30:00 PDT."  # the kind's label, the time as the list shows it
    )


def test_trk605_nearest_city_is_the_default() -> None:
    assert nearest_city(33.95, -118.2, CITIES) == "paramount"
    assert nearest_city(41.5, -88.0, CITIES) == "chicago"
    assert nearest_city(0.0, 0.0, CITIES.iloc[0:0]) is None
    # Far from every city, no city is offered: the operator chooses, or the report is refused.
    assert nearest_city(0.0, 0.0, CITIES, RADIUS_KM) is None
    assert nearest_city(33.95, -118.2, CITIES, RADIUS_KM) == "paramount"


INCIDENTS = pd.DataFrame(
    {"id": ["inc-1", "inc-2"], "status": ["active", "closed"], "city": ["paramount"] * 2}
).set_index("id", drop=False)


def change(**fields) -> StatusChange:
    values = {"key": KEY, "incident_id": "inc-1", "status": "contained", "note": " crowd left "}
    return StatusChange(**{**values, **fields})


def test_trk606_status_changes_become_updated_or_closed_events_with_the_note() -> None:
    contained = status_event(change(), "operator:jdoe", INCIDENTS, NOW)
    assert contained.type == "incident.updated"
    assert contained.incident is not None and contained.incident.status == "contained"
    assert contained.data == {"text": "crowd left"}
    closed = status_event(change(status="closed", note=""), "operator:jdoe", INCIDENTS, NOW)
    assert closed.type == "incident.closed" and closed.data == {}
    assert closed.occurred_at == NOW


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"incident_id": "nope"}, "no incident 'nope'"),
        ({"status": "planned"}, "unknown status 'planned'"),
        ({"status": "exploded"}, "unknown status"),
        ({"incident_id": "inc-2", "status": "closed"}, "closed already"),
        ({"note": "x" * 2001}, "longer than 2000"),
        ({"key": None}, "reload the page"),
    ],
)
def test_trk607_a_bad_status_change_is_refused(fields: dict, says: str) -> None:
    with pytest.raises(ActionInvalid) as refused:
        status_event(change(**fields), "operator:jdoe", INCIDENTS, NOW)
    assert says in str(refused.value)

"""Incidents entered by hand: a report from a phone call, and status changes with a note."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from pydantic import ValidationError

from dashboard.actions.steps import NOTE_MAX, check_key
from dashboard.actions.times import ActionInvalid, parse_local_time
from dashboard.clock import CITY_DATETIME, city_time
from dashboard.domain import KINDS
from dashboard.figures.theme import KIND_LABELS
from dashboard.ingest.geo import distance_km
from dashboard.ingest.geo import nearest_city as geo_nearest
from dashboard.ingest.models import Event

# What an operator may set; `planned` comes only from the agency that plans.
STATUS_CHOICES = ("active", "contained", "closed")
STATUS_EVENT = {"active": "incident.updated", "contained": "incident.updated"}
TITLE_MAX = 200


@dataclass(frozen=True)
class IncidentReport:
    """What the report form sent, untrusted."""

    key: Any
    kind: Any
    title: Any
    address: Any
    lat: Any
    lon: Any
    city: Any
    time_text: Any


@dataclass(frozen=True)
class StatusChange:
    """What the status form sent, untrusted."""

    key: Any
    incident_id: Any
    status: Any
    note: Any


def report_event(
    report: IncidentReport,
    source: str,
    cities: pd.DataFrame,
    now: datetime,
    radius_km: float,
) -> Event:
    """Return the incident.reported event of a hand-entered incident, or raise ActionInvalid.

    `cities` holds id, tz, lat and lon; the point must lie within `radius_km` of the city
    chosen, so a typo in a coordinate is refused rather than stored somewhere else.
    """
    city_tz = dict(zip(cities["id"], cities["tz"], strict=True))
    key = check_key(report.key)
    if report.kind not in KINDS:
        raise ActionInvalid(f"unknown kind {str(report.kind)[:40]!r}")
    title = report.title.strip() if isinstance(report.title, str) else ""
    if not title:
        raise ActionInvalid("write a title")
    if len(title) > TITLE_MAX:
        raise ActionInvalid(f"the title is longer than {TITLE_MAX} characters")
    lat, lon = coordinate(report.lat, "latitude", 90), coordinate(report.lon, "longitude", 180)
    if not isinstance(report.city, str) or report.city not in city_tz:
        raise ActionInvalid(f"unknown city {str(report.city)[:80]!r}")
    check_near(lat, lon, cities[cities["id"] == report.city].iloc[0], radius_km)
    address = report.address.strip() if isinstance(report.address, str) else ""
    text = report.time_text if isinstance(report.time_text, str) else ""
    started_at = parse_local_time(text, city_tz[report.city], now)
    fields = {"kind": report.kind, "status": "active", "title": title, "lat": lat, "lon": lon}
    fields |= {"city": report.city, "started_at": started_at, "address": address or None}
    return _event(source, key, "incident.reported", started_at, f"opr-{key}", incident=fields)


def status_event(
    change: StatusChange, source: str, incidents: pd.DataFrame, now: datetime
) -> Event:
    """Return the event that moves an incident to a new status, with the operator's note."""
    key = check_key(change.key)
    if not isinstance(change.incident_id, str) or change.incident_id not in incidents.index:
        raise ActionInvalid(f"no incident {str(change.incident_id)[:80]!r}")
    if change.status not in STATUS_CHOICES:
        raise ActionInvalid(f"unknown status {str(change.status)[:40]!r}")
    current = str(incidents.loc[change.incident_id, "status"])
    if current == change.status:
        raise ActionInvalid(f"the incident is {current} already")
    note = change.note.strip() if isinstance(change.note, str) else ""
    if len(note) > NOTE_MAX:
        raise ActionInvalid(f"the note is longer than {NOTE_MAX} characters")
    kind = STATUS_EVENT.get(change.status, "incident.closed")
    data = {"text": note} if note else {}
    fields = {"status": change.status}
    return _event(source, key, kind, now, change.incident_id, incident=fields, data=data)


def coordinate(value: Any, name: str, bound: float) -> float:
    """Read a latitude or longitude typed or picked; refuse text, NaN and out of range."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ActionInvalid(f"pick the point on the map or type the {name}")
    if isinstance(value, bool):
        raise ActionInvalid(f"{name} must be a number")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ActionInvalid(f"{name} {str(value)[:40]!r} is not a number") from None
    if not math.isfinite(number) or abs(number) > bound:
        raise ActionInvalid(f"{name} must lie between -{bound:g} and {bound:g}")
    return round(number, 6)


def check_near(lat: float, lon: float, city: pd.Series, radius_km: float) -> None:
    """Refuse a point farther than the radius from the chosen city's centre."""
    away = distance_km((lat, lon), (float(city["lat"]), float(city["lon"])))
    if away > radius_km:
        name = city.get("name", city["id"])
        raise ActionInvalid(
            f"the point is {away:,.0f} km from {name}; reports are taken within "
            f"{radius_km:g} km of the city chosen: check the latitude, longitude and city"
        )


def nearest_city(
    lat: float, lon: float, cities: pd.DataFrame, radius_km: float = math.inf
) -> str | None:
    """Return the id of the jurisdiction nearest to the point, if within the radius."""
    city, _ = geo_nearest(
        (lat, lon),
        zip(cities["id"], cities["lat"].astype(float), cities["lon"].astype(float), strict=True),
        radius_km,
    )
    return None if city is None else str(city)


def report_confirmation(event: Event, duplicate: bool, city_names: dict[str, str], tz: str) -> str:
    """Say what was reported, where and since when, in city time."""
    assert event.incident is not None
    verb = "Already reported" if duplicate else "Reported"
    city = city_names.get(str(event.incident.city), str(event.incident.city))
    when = city_time(event.occurred_at, tz, CITY_DATETIME)
    kind = KIND_LABELS.get(str(event.incident.kind), str(event.incident.kind))
    return f"{verb}: {event.incident.title} ({kind}, {city}) since {when}."


def status_confirmation(event: Event, duplicate: bool, tz: str) -> str:
    """Say which status was recorded and when, in city time."""
    assert event.incident is not None
    verb = "Already recorded" if duplicate else "Recorded"
    return f"{verb}: {event.incident.status} at {city_time(event.occurred_at, tz, CITY_DATETIME)}."


def _event(source: str, key: str, kind: str, at: datetime, incident_id: str, **rest: Any) -> Event:
    try:
        return Event(
            source=source,
            event_id=f"ui-{key}",
            type=kind,
            occurred_at=at,
            incident_id=incident_id,
            **rest,
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise ActionInvalid(f"{where}: {error['msg']}" if where else error["msg"]) from None

"""Incidents as the API shows them: pure functions from DataFrames to JSON-ready dicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, or_, select

from dashboard.api.params import IncidentQuery
from dashboard.domain import STEPS
from dashboard.rules.tracks import notification_tracks
from dashboard.store import schema


def iso(value: Any) -> str | None:
    """Render a timestamp as ISO 8601, or None when it is missing."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    return pd.Timestamp(value).isoformat()


def optional(value: Any, kind: type = str) -> Any:
    """Return a value converted to `kind`, or None when it is missing."""
    return None if value is None or pd.isna(value) else kind(value)


def incident_conditions(query: IncidentQuery) -> list[ColumnElement[bool]]:
    """Return the SQL conditions an incident must meet to match every filter given."""
    found: list[ColumnElement[bool]] = []
    for name in ("kind", "status", "city"):
        value = getattr(query, name)
        if value is not None:
            found.append(schema.incidents.c[name] == value)
    if query.agency is not None:
        touched = select(schema.step_claims.c.incident_id).where(
            schema.step_claims.c.agency_id == query.agency
        )
        found.append(schema.incidents.c.id.in_(touched))
    if query.since is not None:
        found.append(schema.incidents.c.updated_at >= query.since)
    if query.until is not None:
        found.append(schema.incidents.c.reported_at <= query.until)
    if query.bbox is not None:
        west, south, east, north = query.bbox
        lon = schema.incidents.c.lon
        # A box whose west edge lies east of its east edge spans the antimeridian (RFC 7946).
        found.append(lon.between(west, east) if west <= east else or_(lon >= west, lon <= east))
        found.append(schema.incidents.c.lat.between(south, north))
    return found


def summaries(
    incidents: pd.DataFrame, claims: pd.DataFrame, agencies: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """Return each incident's notification summary, keyed by incident id.

    Each list is one groupby over the tracks, not a filter per incident.
    """
    claims = claims[claims["incident_id"].isin(incidents["id"])]
    tracks = notification_tracks(claims, incidents).sort_values(["incident_id", "agency_id"])
    reached = {
        step: _agencies_by_incident(tracks[tracks[f"{step}_at"].notna()])
        for step in ("notified", "acknowledged", "on_scene", "declined")
    }
    leads = tracks.dropna(subset=["lead_time_s"]).groupby("incident_id")["lead_time_s"].max()
    best = leads.to_dict()
    local = agencies[agencies["local"].astype(bool)]
    local_by_city = {
        city: set(ids) for city, ids in local.groupby("jurisdiction_id")["id"].agg(list).items()
    }
    result = {}
    for incident_id, city in zip(incidents["id"], incidents["city"], strict=True):
        notified = reached["notified"].get(incident_id, [])
        result[incident_id] = {
            **{step: by_incident.get(incident_id, []) for step, by_incident in reached.items()},
            "unnotified_local": sorted(local_by_city.get(city, set()) - set(notified)),
            "best_lead_time_s": float(best[incident_id]) if incident_id in best else None,
        }
    return result


def _agencies_by_incident(tracks: pd.DataFrame) -> dict[str, list[str]]:
    """Return each incident's agencies, sorted, from tracks sorted by incident and agency."""
    if tracks.empty:
        return {}
    return tracks.groupby("incident_id", sort=False)["agency_id"].agg(list).to_dict()


def features(incidents: pd.DataFrame, summary: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Return incidents as GeoJSON features, converting each column once, not each cell."""
    columns = {name: incidents[name].tolist() for name in ("id", "kind", "status", "title")}
    columns["city"] = incidents["city"].tolist()
    times = {name: _iso_column(incidents[name]) for name in ISO_FIELDS}
    address = [optional(v) for v in incidents["address"]]
    crowd = [optional(v, int) for v in incidents["crowd_size"]]
    lon, lat = incidents["lon"].astype(float).tolist(), incidents["lat"].astype(float).tolist()
    last_seq = incidents["last_seq"].astype(int).tolist()
    result = []
    for n, incident_id in enumerate(columns["id"]):
        result.append(
            {
                "type": "Feature",
                "id": str(incident_id),
                "geometry": {"type": "Point", "coordinates": [lon[n], lat[n]]},
                "properties": {
                    **{name: str(values[n]) for name, values in columns.items()},
                    "address": address[n],
                    **{name: values[n] for name, values in times.items()},
                    "crowd_size": crowd[n],
                    "last_seq": last_seq[n],
                    "notifications": summary[incident_id],
                },
            }
        )
    return result


ISO_FIELDS = ("started_at", "reported_at", "updated_at")


def _iso_column(values: pd.Series) -> list[str | None]:
    """Render a datetime column as ISO 8601 strings, None where missing."""
    stamps = pd.to_datetime(values, utc=True)
    # Python datetimes render as Timestamp.isoformat does (microseconds at most here).
    return [None if pd.isna(v) else v.isoformat() for v in stamps.dt.to_pydatetime()]


def feature(row: pd.Series, summary: dict[str, Any]) -> dict[str, Any]:
    """Return one incident as a GeoJSON feature."""
    return {
        "type": "Feature",
        "id": str(row["id"]),
        "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
        "properties": {
            "id": str(row["id"]),
            "kind": str(row["kind"]),
            "status": str(row["status"]),
            "title": str(row["title"]),
            "city": str(row["city"]),
            "address": optional(row.get("address")),
            "started_at": iso(row.get("started_at")),
            "reported_at": iso(row["reported_at"]),
            "updated_at": iso(row["updated_at"]),
            "crowd_size": optional(row.get("crowd_size"), int),
            "last_seq": int(row["last_seq"]),
            "notifications": summary,
        },
    }


def tracks_detail(
    incident: pd.DataFrame,
    claims: pd.DataFrame,
    agencies: pd.DataFrame,
    tolerance: timedelta = timedelta(minutes=5),
) -> list[dict[str, Any]]:
    """Return an incident's tracks: step times, figures, disputes and every claim."""
    tracks = notification_tracks(claims, incident, tolerance=tolerance)
    names = dict(zip(agencies["id"], agencies["name"], strict=True))
    local = set(agencies.loc[agencies["local"].astype(bool), "id"])
    result = []
    for track in tracks.to_dict("records"):
        mine = claims[claims["agency_id"] == track["agency_id"]]
        result.append(
            {
                "agency": track["agency_id"],
                "agency_name": names.get(track["agency_id"]),
                "local": track["agency_id"] in local,
                "stage": track["stage"],
                "steps": {step: iso(track[f"{step}_at"]) for step in STEPS},
                "lead_time_s": optional(track["lead_time_s"], float),
                "response_time_s": optional(track["response_time_s"], float),
                # The same rule as the matrix: claims further apart than the tolerance.
                "disputed_steps": sorted(track["disputed_steps"]),
                "claims": [
                    {
                        "step": c["step"],
                        "source": c["source"],
                        "occurred_at": iso(c["occurred_at"]),
                        "event_id": c["event_id"],
                        "channel": optional(c["channel"]),
                    }
                    for c in mine.to_dict("records")
                ],
            }
        )
    return result


def stored_events(events: pd.DataFrame) -> list[dict[str, Any]]:
    """Return log rows (with parsed payloads) as the API shows events."""
    return [
        {
            "seq": int(e["seq"]),
            "received_at": iso(e["received_at"]),
            "source": e["source"],
            "event_id": e["event_id"],
            "type": e["type"],
            "occurred_at": iso(e["occurred_at"]),
            "incident_id": e["incident_id"],
            "agency": optional(e["agency_id"]),
            "incident": e["payload"].get("incident"),
            "data": e["payload"].get("data") or {},
        }
        for e in events.to_dict("records")
    ]

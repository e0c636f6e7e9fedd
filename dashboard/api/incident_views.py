"""Incidents as the API shows them: pure functions from DataFrames to JSON-ready dicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, or_, select

from dashboard.api.params import IncidentQuery
from dashboard.domain import STEPS, field_conflicts
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


def filter_incidents(
    incidents: pd.DataFrame, claims: pd.DataFrame, query: IncidentQuery
) -> pd.DataFrame:
    """Keep the incidents that match every filter given."""
    keep = pd.Series(True, index=incidents.index)
    for name in ("kind", "status", "city"):
        value = getattr(query, name)
        if value is not None:
            keep &= incidents[name] == value
    if query.agency is not None:
        touched = set(claims.loc[claims["agency_id"] == query.agency, "incident_id"])
        keep &= incidents["id"].isin(touched)
    if query.since is not None:
        keep &= incidents["updated_at"] >= pd.Timestamp(query.since)
    if query.until is not None:
        keep &= incidents["reported_at"] <= pd.Timestamp(query.until)
    if query.bbox is not None:
        west, south, east, north = query.bbox
        lon = incidents["lon"]
        # A box whose west edge lies east of its east edge spans the antimeridian (RFC 7946).
        across = (lon >= west) | (lon <= east)
        keep &= lon.between(west, east) if west <= east else across
        keep &= incidents["lat"].between(south, north)
    return incidents[keep]


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


def local_agencies(places: pd.DataFrame, members: pd.DataFrame) -> dict[str, list[str]]:
    """Return, per incident id, the agencies local to any jurisdiction it lies in."""
    pairs = places.merge(members[["jurisdiction_id", "agency_id"]], on="jurisdiction_id")
    return {str(i): sorted(set(g)) for i, g in pairs.groupby("incident_id")["agency_id"]}


def summaries(
    incidents: pd.DataFrame, claims: pd.DataFrame, local: dict[str, list[str]]
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
    result = {}
    for incident_id in incidents["id"]:
        notified = reached["notified"].get(incident_id, [])
        result[incident_id] = {
            **{step: by_incident.get(incident_id, []) for step, by_incident in reached.items()},
            "unnotified_local": sorted(set(local.get(incident_id, [])) - set(notified)),
            "best_lead_time_s": float(best[incident_id]) if incident_id in best else None,
        }
    return result


def _agencies_by_incident(tracks: pd.DataFrame) -> dict[str, list[str]]:
    """Return each incident's agencies, sorted, from tracks sorted by incident and agency."""
    if tracks.empty:
        return {}
    return tracks.groupby("incident_id", sort=False)["agency_id"].agg(list).to_dict()


ISO_FIELDS = ("started_at", "reported_at", "updated_at")


def features(
    incidents: pd.DataFrame,
    summary: dict[str, dict[str, Any]],
    places: dict[str, list[str]],
    local: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Return incidents as GeoJSON features, converting each column once, not each cell."""
    columns = {name: incidents[name].tolist() for name in ("id", "kind", "status", "title", "city")}
    times = {name: _iso_column(incidents[name]) for name in ISO_FIELDS}
    address = [optional(v) for v in incidents["address"]]
    crowd = [optional(v, int) for v in incidents["crowd_size"]]
    lon, lat = incidents["lon"].astype(float).tolist(), incidents["lat"].astype(float).tolist()
    last_seq = incidents["last_seq"].astype(int).tolist()
    # A frame replayed from history (picture_at) may lack the stored flag: no city, outside.
    outside = (
        incidents["outside_region"].astype(bool).tolist()
        if "outside_region" in incidents
        else [not city for city in columns["city"]]
    )
    conflicts = (
        [field_conflicts(v) for v in incidents["conflicts"]]
        if "conflicts" in incidents
        else [[] for _ in columns["id"]]
    )
    result = []
    for n, incident_id in enumerate(columns["id"]):
        key = str(incident_id)
        result.append(
            {
                "type": "Feature",
                "id": key,
                "geometry": {"type": "Point", "coordinates": [lon[n], lat[n]]},
                "properties": {
                    **{name: str(values[n]) for name, values in columns.items()},
                    "jurisdictions": places.get(key, []),
                    "local_agencies": local.get(key, []),
                    "outside_region": outside[n],
                    "address": address[n],
                    **{name: values[n] for name, values in times.items()},
                    "crowd_size": crowd[n],
                    "last_seq": last_seq[n],
                    "conflicts": conflicts[n],
                    "notifications": summary[incident_id],
                },
            }
        )
    return result


def _iso_column(values: pd.Series) -> list[str | None]:
    """Render a datetime column as ISO 8601 strings, None where missing."""
    stamps = pd.to_datetime(values, utc=True)
    # Python datetimes render as Timestamp.isoformat does (microseconds at most here).
    return [None if pd.isna(v) else v.isoformat() for v in stamps.dt.to_pydatetime()]


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


def retraction_of(event: dict[str, Any]) -> dict[str, Any]:
    """Return who retracted a timeline event and why, when one did (not in the feed)."""
    if "retracted_by" not in event:
        return {}
    by = optional(event["retracted_by"])
    return {"retracted": None if by is None else {"by": by, "reason": event["retraction_reason"]}}


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
            **retraction_of(e),
        }
        for e in events.to_dict("records")
    ]

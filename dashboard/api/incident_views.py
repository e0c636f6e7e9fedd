"""Incidents as the API shows them: pure functions from DataFrames to JSON-ready dicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from dashboard.api.params import IncidentQuery
from dashboard.domain import STEPS, field_conflicts
from dashboard.rules.tracks import notification_tracks


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


def local_agencies(places: pd.DataFrame, members: pd.DataFrame) -> dict[str, list[str]]:
    """Return, per incident id, the agencies local to any jurisdiction it lies in."""
    pairs = places.merge(members[["jurisdiction_id", "agency_id"]], on="jurisdiction_id")
    return {str(i): sorted(set(g)) for i, g in pairs.groupby("incident_id")["agency_id"]}


def summaries(
    incidents: pd.DataFrame, claims: pd.DataFrame, local: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    """Return each incident's notification summary, keyed by incident id."""
    claims = claims[claims["incident_id"].isin(incidents["id"])]
    tracks = notification_tracks(claims, incidents)
    by_incident = dict(list(tracks.groupby("incident_id"))) if len(tracks) else {}
    result = {}
    for incident_id in incidents["id"]:
        mine = by_incident.get(incident_id, tracks.iloc[0:0])

        def reached(step: str, mine: pd.DataFrame = mine) -> list[str]:
            return sorted(mine.loc[mine[f"{step}_at"].notna(), "agency_id"])

        notified = reached("notified")
        leads = mine["lead_time_s"].dropna()
        result[incident_id] = {
            "notified": notified,
            "acknowledged": reached("acknowledged"),
            "on_scene": reached("on_scene"),
            "declined": reached("declined"),
            "unnotified_local": sorted(set(local.get(incident_id, [])) - set(notified)),
            "best_lead_time_s": float(leads.max()) if len(leads) else None,
        }
    return result


def feature(
    row: pd.Series, summary: dict[str, Any], places: list[str], local: list[str]
) -> dict[str, Any]:
    """Return one incident as a GeoJSON feature, with the jurisdictions it lies in."""
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
            "jurisdictions": places,
            "local_agencies": local,
            "outside_region": bool(row.get("outside_region", not row["city"])),
            "address": optional(row.get("address")),
            "started_at": iso(row.get("started_at")),
            "reported_at": iso(row["reported_at"]),
            "updated_at": iso(row["updated_at"]),
            "crowd_size": optional(row.get("crowd_size"), int),
            "last_seq": int(row["last_seq"]),
            "conflicts": field_conflicts(row.get("conflicts")),
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

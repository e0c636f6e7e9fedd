"""Notification tracks: the agency-by-step picture of each incident, derived from claims."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import STEPS

TRACK_COLUMNS = [
    "incident_id",
    "agency_id",
    *[f"{s}_at" for s in STEPS],
    "lead_time_s",
    "response_time_s",
    "stage",
    "sources",
]


def notification_tracks(claims: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """Return one row per incident and agency: earliest claimed time per step and figures.

    Lead time is start minus notification; response time is on scene minus request.
    """
    if claims.empty:
        return pd.DataFrame(columns=TRACK_COLUMNS)
    earliest = (
        claims.groupby(["incident_id", "agency_id", "step"])["occurred_at"].min().unstack("step")
    )
    earliest = earliest.reindex(columns=list(STEPS))
    earliest.columns = [f"{s}_at" for s in STEPS]
    # Steps nobody claimed come back as float NaN; keep every step a UTC datetime column.
    earliest = earliest.apply(lambda col: pd.to_datetime(col, utc=True))
    tracks = earliest.reset_index()
    sources = claims.groupby(["incident_id", "agency_id"])["source"].agg(lambda s: sorted(set(s)))
    tracks = tracks.merge(sources.rename("sources").reset_index(), on=["incident_id", "agency_id"])
    starts = incidents.set_index("id")["started_at"] if not incidents.empty else pd.Series()
    started_at = tracks["incident_id"].map(starts)
    tracks["lead_time_s"] = (
        pd.to_datetime(started_at, utc=True) - tracks["notified_at"]
    ).dt.total_seconds()
    tracks["response_time_s"] = (
        tracks["on_scene_at"] - tracks["assistance_requested_at"]
    ).dt.total_seconds()
    tracks["stage"] = tracks.apply(current_stage, axis=1)
    return tracks[TRACK_COLUMNS]


def current_stage(track: pd.Series) -> str:
    """Name the furthest step a track has reached, or 'not notified'."""
    reached = [s for s in STEPS if pd.notna(track.get(f"{s}_at"))]
    if "declined" in reached:
        return "declined"
    return reached[-1] if reached else "not notified"


def notified_agencies(claims: pd.DataFrame) -> pd.Series:
    """Return, per incident id, the sorted list of agencies with a notification claim."""
    notified = claims[claims["step"] == "notified"]
    if notified.empty:
        return pd.Series(dtype=object)
    return notified.groupby("incident_id")["agency_id"].agg(lambda s: sorted(set(s)))

"""Notification tracks: the agency-by-step picture of each incident, derived from claims."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from dashboard.domain import STEPS
from dashboard.rules.disputes import step_summary

KEY = ["incident_id", "agency_id"]
TRACK_COLUMNS = [
    *KEY,
    "local",
    *[f"{s}_at" for s in STEPS],
    "lead_time_s",
    "response_lo_s",
    "response_hi_s",
    "response_time_s",
    "disputed_steps",
    "stage",
    "sources",
]


def notification_tracks(
    claims: pd.DataFrame,
    incidents: pd.DataFrame,
    members: pd.DataFrame | None = None,
    tolerance: timedelta = timedelta(minutes=5),
    places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per incident and agency, local agencies included when never told.

    An incident's local agencies are those of every jurisdiction it lies in: `places`
    pairs incident_id with jurisdiction_id (`Locality.places_of`); without it, its city.

    Each step's time is its earliest claim. Lead time is start minus notification.
    Response time is a range: from the closest to the furthest reading of the request
    and on-scene claims when either step is disputed, a single value when neither is;
    `response_time_s` is the reading from the earliest claims of both.
    """
    if members is None:  # callers that predate memberships: tracks of claimed agencies only
        members = pd.DataFrame(columns=["jurisdiction_id", "agency_id"])
    summary = step_summary(claims, tolerance)
    if places is None:
        places = incidents[["id", "city"]].set_axis(["incident_id", "jurisdiction_id"], axis=1)
    tracks = _keys(summary, incidents, members, places)
    if tracks.empty:
        return pd.DataFrame(columns=TRACK_COLUMNS)
    tracks = tracks.join(_wide(summary), on=KEY)
    disputed = summary.loc[summary["disputed"].astype(bool)].groupby(KEY)["step"].agg(list)
    tracks["disputed_steps"] = _lookup(tracks, disputed.to_dict())
    starts = incidents.set_index("id")["started_at"] if len(incidents) else pd.Series()
    started_at = pd.to_datetime(tracks["incident_id"].map(starts), utc=True)
    tracks["lead_time_s"] = (started_at - tracks["notified_at"]).dt.total_seconds()
    req_lo, req_hi = _span(tracks, "assistance_requested")
    on_lo, on_hi = _span(tracks, "on_scene")
    tracks["response_lo_s"] = (on_lo - req_hi).dt.total_seconds()
    tracks["response_hi_s"] = (on_hi - req_lo).dt.total_seconds()
    # Earliest on scene minus earliest request: one reading, kept for the API's field.
    tracks["response_time_s"] = (on_lo - req_lo).dt.total_seconds()
    tracks["stage"] = current_stages(tracks)
    sources = claims.groupby(KEY)["source"].agg(lambda s: sorted(set(s))) if len(claims) else None
    tracks["sources"] = _lookup(tracks, sources.to_dict() if sources is not None else {})
    return tracks[TRACK_COLUMNS].reset_index(drop=True)


def _keys(
    summary: pd.DataFrame, incidents: pd.DataFrame, members: pd.DataFrame, places: pd.DataFrame
) -> pd.DataFrame:
    """Every (incident, agency) with a claim, plus every agency local where the incident is."""
    claimed = summary[KEY].drop_duplicates()
    expected = places[["incident_id", "jurisdiction_id"]].merge(
        members[["jurisdiction_id", "agency_id"]], on="jurisdiction_id"
    )
    expected = expected[KEY].drop_duplicates()
    keys = pd.concat([expected, claimed], ignore_index=True).drop_duplicates(KEY)
    keys = keys[keys["incident_id"].isin(incidents["id"])] if len(incidents) else keys
    local = set(zip(expected["incident_id"], expected["agency_id"], strict=True))
    keys = keys.assign(local=[k in local for k in zip(*_key_lists(keys), strict=True)])
    return keys.reset_index(drop=True)


def _key_lists(df: pd.DataFrame) -> tuple[list, list]:
    return df["incident_id"].tolist(), df["agency_id"].tolist()


def _wide(summary: pd.DataFrame) -> pd.DataFrame:
    """Pivot first and last claim times to `<step>_at` and `<step>_last` UTC columns."""
    columns = [f"{s}_{end}" for end in ("at", "last") for s in STEPS]
    if summary.empty:
        index = pd.MultiIndex.from_tuples([], names=KEY)
        return pd.DataFrame(
            {c: pd.Series(dtype="datetime64[ns, UTC]") for c in columns}, index=index
        )
    wide = summary.set_index([*KEY, "step"])[["first_at", "last_at"]].unstack("step")
    wide.columns = [
        f"{step}_{'at' if field == 'first_at' else 'last'}" for field, step in wide.columns
    ]
    wide = wide.reindex(columns=columns)
    # Steps nobody claimed come back as NaN; keep every step a UTC datetime.
    return wide.apply(lambda col: pd.to_datetime(col, utc=True))


def _span(tracks: pd.DataFrame, step: str) -> tuple[pd.Series, pd.Series]:
    """Return the earliest and latest reading of a step; one value unless it is disputed."""
    disputed = tracks["disputed_steps"].map(lambda steps: step in steps)
    first = pd.to_datetime(tracks[f"{step}_at"], utc=True)
    last = pd.to_datetime(tracks[f"{step}_last"], utc=True).where(disputed, first)
    return first, last


def _lookup(tracks: pd.DataFrame, by_key: dict) -> list:
    """Return, per track, the list stored under its (incident, agency) key, or []."""
    return [by_key.get(k, []) for k in zip(*_key_lists(tracks), strict=True)]


def current_stages(tracks: pd.DataFrame) -> pd.Series:
    """Name, per track, the furthest step reached; 'declined' wins; else 'not notified'."""
    stage = pd.Series("not notified", index=tracks.index, dtype=object)
    for step in STEPS:
        stage = stage.mask(tracks[f"{step}_at"].notna(), step)
    return stage.mask(tracks["declined_at"].notna(), "declined")


def notified_agencies(claims: pd.DataFrame) -> pd.Series:
    """Return, per incident id, the sorted list of agencies with a notification claim."""
    notified = claims[claims["step"] == "notified"]
    if notified.empty:
        return pd.Series(dtype=object)
    return notified.groupby("incident_id")["agency_id"].agg(lambda s: sorted(set(s)))

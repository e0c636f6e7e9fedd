"""Figures per agency and per city: advance notice, lead time and response time.

Notice was due for operations and staging sites; "told in advance" is the notice rule's
(a lead at least the city's minimum lead), so the figures agree with the alarm.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import pandas as pd

from dashboard.domain import NOTICE_DUE_KINDS
from dashboard.rules.notice import ADVANCE, min_lead_s, track_notice

FIGURE_COLUMNS = [
    "id",
    "due",
    "advance",
    "advance_share",
    "median_lead_s",
    "responses",
    "median_response_lo_s",
    "median_response_hi_s",
]


def agency_figures(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    by_city: Mapping[str, timedelta] | None = None,
    default_lead: timedelta = timedelta(0),
) -> pd.DataFrame:
    """Return one row per agency that is local to incidents owed notice or has responded.

    `due` counts the operations and staging sites the agency is local to, `advance` those
    it was told of in advance. The median lead time is over those it was notified of; the
    response medians are taken separately over the low and high ends of every response,
    so a disputed one stays a range.
    """
    due = _due_tracks(incidents, tracks, by_city or {}, default_lead)
    per_agency = due.groupby("agency_id").agg(
        due=("incident_id", "nunique"),
        advance=("advance", "sum"),
        median_lead_s=("lead_time_s", "median"),
    )
    return _with_responses(per_agency, tracks, "agency_id")


def city_figures(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    by_city: Mapping[str, timedelta] | None = None,
    default_lead: timedelta = timedelta(0),
) -> pd.DataFrame:
    """Return one row per city: incidents owed notice, told in advance, lead and response.

    An incident counts as told in advance when any local agency was; its lead time is the
    longest lead among them.
    """
    incidents = incidents.reset_index(drop=True)
    due = _due_tracks(incidents, tracks, by_city or {}, default_lead)
    per_incident = due.groupby("incident_id").agg(
        advance=("advance", "any"), lead_time_s=("lead_time_s", "max")
    )
    owed = incidents[incidents["kind"].isin(NOTICE_DUE_KINDS)][["id", "city"]]
    per_city = (
        owed.join(per_incident, on="id")
        .assign(advance=lambda df: df["advance"].eq(True))
        .groupby("city")
        .agg(
            due=("id", "nunique"),
            advance=("advance", "sum"),
            median_lead_s=("lead_time_s", "median"),
        )
    )
    city_of = incidents.set_index("id")["city"]
    responses = tracks.assign(city=tracks["incident_id"].map(city_of))
    return _with_responses(per_city, responses, "city")


def _due_tracks(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    by_city: Mapping[str, timedelta],
    default_lead: timedelta,
) -> pd.DataFrame:
    """Return the local tracks of incidents owed notice, with `advance` per the notice rule."""
    owed = incidents[incidents["kind"].isin(NOTICE_DUE_KINDS)]
    local = tracks[tracks["incident_id"].isin(set(owed["id"])) & tracks["local"].astype(bool)]
    city_of = owed.set_index("id")["city"]
    needed = min_lead_s(local["incident_id"].map(city_of), by_city, default_lead)
    lead = pd.to_numeric(local["lead_time_s"], errors="coerce")
    return local.assign(lead_time_s=lead, advance=track_notice(local, needed) == ADVANCE)


def _with_responses(per: pd.DataFrame, tracks: pd.DataFrame, by: str) -> pd.DataFrame:
    measured = tracks.dropna(subset=["response_lo_s", "response_hi_s"])
    responses = measured.groupby(by).agg(
        responses=("incident_id", "size"),
        median_response_lo_s=("response_lo_s", "median"),
        median_response_hi_s=("response_hi_s", "median"),
    )
    out = per.join(responses, how="outer")
    for column in ("due", "advance", "responses"):
        out[column] = out[column].fillna(0).astype(int)
    out["advance_share"] = out["advance"] / out["due"].where(out["due"] > 0)
    out = out.rename_axis("id").reset_index()
    return out[FIGURE_COLUMNS]

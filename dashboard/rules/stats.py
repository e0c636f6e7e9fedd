"""Figures per agency and per city: advance notice, lead time and response time."""

from __future__ import annotations

import pandas as pd

FIGURE_COLUMNS = [
    "id",
    "operations",
    "advance",
    "advance_share",
    "median_lead_s",
    "responses",
    "median_response_lo_s",
    "median_response_hi_s",
]


def agency_figures(incidents: pd.DataFrame, tracks: pd.DataFrame) -> pd.DataFrame:
    """Return one row per agency that belongs to a city with operations or has responded.

    Operations count where the agency belongs to the operation's city. The median lead
    time is over the operations the agency was notified of; the response medians are taken
    separately over the low and high ends of every response, so a disputed one stays a range.
    """
    ops = _operation_tracks(incidents, tracks)
    per_ops = ops.groupby("agency_id").agg(
        operations=("incident_id", "nunique"),
        advance=("lead_time_s", lambda s: int((s > 0).sum())),
        median_lead_s=("lead_time_s", "median"),
    )
    return _with_responses(per_ops, tracks, "agency_id")


def city_figures(incidents: pd.DataFrame, tracks: pd.DataFrame) -> pd.DataFrame:
    """Return one row per city: operations told in advance, lead time and response time.

    An operation counts as told in advance when any agency of its city was; its lead time
    is the longest lead among them.
    """
    incidents = incidents.reset_index(drop=True)
    ops = _operation_tracks(incidents, tracks)
    best = ops.groupby("incident_id")["lead_time_s"].max().rename("lead_time_s")
    city_of = incidents.set_index("id")["city"]
    operations = incidents[incidents["kind"] == "operation"][["id", "city"]]
    per_op = operations.join(best, on="id")
    per_city = per_op.groupby("city").agg(
        operations=("id", "nunique"),
        advance=("lead_time_s", lambda s: int((s > 0).sum())),
        median_lead_s=("lead_time_s", "median"),
    )
    responses = tracks.assign(city=tracks["incident_id"].map(city_of))
    return _with_responses(per_city, responses, "city")


def _operation_tracks(incidents: pd.DataFrame, tracks: pd.DataFrame) -> pd.DataFrame:
    operation_ids = set(incidents.loc[incidents["kind"] == "operation", "id"])
    return tracks[tracks["incident_id"].isin(operation_ids) & tracks["local"].astype(bool)]


def _with_responses(per: pd.DataFrame, tracks: pd.DataFrame, by: str) -> pd.DataFrame:
    measured = tracks.dropna(subset=["response_lo_s", "response_hi_s"])
    responses = measured.groupby(by).agg(
        responses=("incident_id", "size"),
        median_response_lo_s=("response_lo_s", "median"),
        median_response_hi_s=("response_hi_s", "median"),
    )
    out = per.join(responses, how="outer")
    out["operations"] = out["operations"].fillna(0).astype(int)
    out["advance"] = out["advance"].fillna(0).astype(int)
    out["responses"] = out["responses"].fillna(0).astype(int)
    share = out["advance"] / out["operations"].where(out["operations"] > 0)
    out["advance_share"] = share
    out = out.rename_axis("id").reset_index()
    return out[FIGURE_COLUMNS]

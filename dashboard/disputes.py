"""Disputed claims: two sources report one step of one agency at times too far apart."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

STEP_KEY = ["incident_id", "agency_id", "step"]
SUMMARY_COLUMNS = [*STEP_KEY, "first_at", "last_at", "sources", "disputed"]


def step_summary(claims: pd.DataFrame, tolerance: timedelta) -> pd.DataFrame:
    """Return one row per incident, agency and step: the claimed span and whether disputed.

    Every source's claim is kept; the step is disputed when the earliest and the latest
    claim lie more than `tolerance` apart. Claims at the same time (or within the
    tolerance) agree, whichever sources sent them.
    """
    if claims.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = claims.groupby(STEP_KEY)
    summary = grouped["occurred_at"].agg(first_at="min", last_at="max")
    summary["sources"] = grouped["source"].agg(lambda s: sorted(set(s)))
    spread = summary["last_at"] - summary["first_at"]
    summary["disputed"] = spread > pd.Timedelta(tolerance)
    return summary.reset_index()[SUMMARY_COLUMNS]


def claim_elapsed(
    claims: pd.DataFrame, requested: pd.DataFrame, step: str = "on_scene"
) -> pd.DataFrame:
    """Return each source's claim of `step` with the time elapsed since the request.

    A source that also claimed the request is measured from its own request; any other
    source from the earliest request, so each value is what that source asserts.
    """
    mine = claims[claims["step"] == step]
    if mine.empty or requested.empty:
        return mine.assign(elapsed=pd.Series(dtype="timedelta64[ns]"))
    key = ["incident_id", "agency_id"]
    own = requested.set_index([*key, "source"])["occurred_at"]
    earliest = requested.groupby(key)["occurred_at"].min()
    starts = [
        own.get((r.incident_id, r.agency_id, r.source), earliest.get((r.incident_id, r.agency_id)))
        for r in mine.itertuples()
    ]
    return mine.assign(
        elapsed=mine["occurred_at"] - pd.to_datetime(pd.Series(starts, index=mine.index), utc=True)
    )

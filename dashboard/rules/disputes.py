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

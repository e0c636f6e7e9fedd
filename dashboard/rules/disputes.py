"""Disputed claims: two sources report one step of one agency at times too far apart."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import overload

import pandas as pd

STEP_KEY = ["incident_id", "agency_id", "step"]
SUMMARY_COLUMNS = [*STEP_KEY, "first_at", "last_at", "sources", "disputed"]


@overload
def disputed(first: datetime, last: datetime, tolerance: timedelta) -> bool: ...
@overload
def disputed(first: pd.Series, last: pd.Series, tolerance: timedelta) -> pd.Series: ...
def disputed(first: object, last: object, tolerance: timedelta) -> object:
    """Tell whether the earliest and latest claim of a step lie more than `tolerance` apart.

    The one dispute test: for two times, or element-wise for two columns. Claims at the
    same time (or within the tolerance) agree, whichever sources sent them.
    """
    beyond = abs(last - first) > pd.Timedelta(tolerance)  # type: ignore[operator]
    return beyond if isinstance(beyond, pd.Series) else bool(beyond)


def step_summary(claims: pd.DataFrame, tolerance: timedelta) -> pd.DataFrame:
    """Return one row per incident, agency and step: the claimed span and whether disputed.

    Every source's claim is kept; the step is disputed when its first and last claims
    are `disputed`.
    """
    if claims.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = claims.groupby(STEP_KEY)
    summary = grouped["occurred_at"].agg(first_at="min", last_at="max")
    summary["sources"] = grouped["source"].agg(lambda s: sorted(set(s)))
    summary["disputed"] = disputed(summary["first_at"], summary["last_at"], tolerance)
    return summary.reset_index()[SUMMARY_COLUMNS]

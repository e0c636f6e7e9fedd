"""Headline counts of the current picture, as pure functions of DataFrames."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from dashboard.domain import OPEN_STATUSES


def kpi_counts(incidents: pd.DataFrame, not_told: Collection[str]) -> dict[str, int]:
    """Count active operations, open staging sites and protests, and those not told.

    `not_told` holds the ids whose notice alarms (`incident_notice`'s `alarm`): the open
    operations and staging sites no local agency was told of in advance.
    """
    open_ = incidents[incidents["status"].isin(OPEN_STATUSES)]
    operations = open_[open_["kind"] == "operation"]
    alarmed = open_["id"].isin(set(not_told))
    return {
        "operations": int((operations["status"] == "active").sum()),
        "staging": int((open_["kind"] == "staging").sum()),
        "protests": int((open_["kind"] == "protest").sum()),
        "not_told": int(alarmed.sum()),
        # Kept and shown, but in no configured jurisdiction: nobody local is expected.
        "outside": int(open_.get("outside_region", pd.Series(False, index=open_.index)).sum()),
    }


def filter_cities(incidents: pd.DataFrame, cities: list[str] | None) -> pd.DataFrame:
    """Keep the incidents of the chosen cities; all of them when none is chosen."""
    if not cities:
        return incidents
    return incidents[incidents["city"].isin(cities)]

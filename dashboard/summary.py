"""Headline counts of the current picture, as pure functions of DataFrames."""

from __future__ import annotations

import pandas as pd

OPEN_STATUSES = ("planned", "active", "contained")


def kpi_counts(incidents: pd.DataFrame, local_agencies: set[str]) -> dict[str, int]:
    """Count active operations, open staging sites and protests, and blind operations.

    A blind operation is an open operation that no local agency was notified of.
    """
    open_ = incidents[incidents["status"].isin(OPEN_STATUSES)]
    operations = open_[open_["kind"] == "operation"]
    blind = [not set(n) & local_agencies for n in operations["notified"]]
    return {
        "operations": int((operations["status"] == "active").sum()),
        "staging": int((open_["kind"] == "staging").sum()),
        "protests": int((open_["kind"] == "protest").sum()),
        "unnotified": int(sum(blind)),
    }


def filter_cities(incidents: pd.DataFrame, cities: list[str] | None) -> pd.DataFrame:
    """Keep the incidents of the chosen cities; all of them when none is chosen."""
    if not cities:
        return incidents
    return incidents[incidents["city"].isin(cities)]

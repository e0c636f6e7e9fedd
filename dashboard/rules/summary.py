"""Headline counts of the current picture, as pure functions of DataFrames."""

from __future__ import annotations

import pandas as pd

OPEN_STATUSES = ("planned", "active", "contained")


def kpi_counts(incidents: pd.DataFrame, members: pd.DataFrame) -> dict[str, int]:
    """Count active operations, open staging sites and protests, and blind operations.

    A blind operation is an open operation that no agency of its city was notified of.
    """
    open_ = incidents[incidents["status"].isin(OPEN_STATUSES)]
    operations = open_[open_["kind"] == "operation"]
    belongs = members.groupby("jurisdiction_id")["agency_id"].agg(set).to_dict()
    blind = [
        not set(n) & belongs.get(city, set())
        for n, city in zip(operations["notified"], operations["city"], strict=True)
    ]
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

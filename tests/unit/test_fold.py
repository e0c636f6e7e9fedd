"""The fold's locality rule: an event that moves the point moves the city with it."""

from __future__ import annotations

import json

from dashboard.domain import conflict_lines
from dashboard.store.fold import fold_incident

REPORT = {"incident": {"kind": "operation", "title": "t", "lat": 34.0, "lon": -118.2,
                       "city": "los-angeles"}}  # fmt: skip


def city_after(*updates: dict) -> str:
    rows = [("incident.reported", "cad", REPORT)]
    rows += [("incident.updated", "cad", {"incident": u}) for u in updates]
    folded = fold_incident(rows)
    assert folded is not None
    return str(folded.state["city"])


def test_fold001_a_point_moved_outside_every_jurisdiction_leaves_the_city() -> None:
    # Ingest resolved the new point to no jurisdiction, so the event names no city.
    assert city_after({"lat": 0.0, "lon": -30.0, "city": None}) == ""
    assert city_after({"lat": 0.0, "lon": -30.0}) == ""


def test_fold002_a_point_moved_into_a_city_takes_that_city() -> None:
    assert city_after({"lat": 0.0, "lon": -30.0}, {"lat": 41.9, "lon": -87.6,
                                                   "city": "chicago"}) == "chicago"  # fmt: skip


def test_fold003_an_update_without_a_full_point_keeps_the_city() -> None:
    assert city_after({"status": "contained"}) == "los-angeles"
    assert city_after({"title": "renamed", "lat": 34.1}) == "los-angeles"


def test_fold004_another_source_moving_the_point_outside_is_told_in_words() -> None:
    rows = [("incident.reported", "cad", REPORT)]
    rows.append(("incident.updated", "other", {"incident": {"lat": 0.0, "lon": -30.0}}))
    folded = fold_incident(rows)
    assert folded is not None and folded.state["city"] == "los-angeles"
    lines = conflict_lines(json.dumps(folded.conflicts))
    assert "city disputed by other: outside the configured region" in lines

"""Times are bounded at the model, and a bad time already stored fails no view."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.store import queries
from tests.auth import client_as
from tests.reliability.conftest import GOOD_EVENT, Api, assert_error, unchecked
from tests.security.forge import forged_bodies, post


def with_time(where: str, value: str) -> dict[str, Any]:
    """Return the good event with one time replaced."""
    event = {**GOOD_EVENT, "incident": dict(GOOD_EVENT["incident"])}
    if where == "occurred_at":
        event["occurred_at"] = value
    else:
        event["incident"]["started_at"] = value
    return event


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("incident.started_at", "2300-01-01T00:00:00Z"),
        ("incident.started_at", "1600-01-01T00:00:00Z"),
        ("incident.started_at", "0206-06-06T17:00:00Z"),
        ("occurred_at", "2300-01-01T00:00:00Z"),
        ("occurred_at", "0206-06-06T17:00:00Z"),
        ("occurred_at", "0001-01-01T00:00:00+01:00"),
        ("occurred_at", "9999-12-31T23:59:59-01:00"),
        ("incident.started_at", "9999-12-31T23:59:59-01:00"),
    ],
)
def test_rel001_out_of_range_times_are_refused_with_their_path(
    api: Api, where: str, value: str
) -> None:
    body = assert_error(api.post("/events", json=with_time(where, value)), 422)
    assert [e["path"] for e in body["errors"]] == [where]
    assert api.runtime.store.latest_seq() == 0


def test_rel002_occurred_at_ahead_by_more_than_the_skew_is_refused(make) -> None:
    api = make(max_clock_skew_s=60.0)
    now = datetime.now(UTC)
    ahead = (now + timedelta(minutes=10)).isoformat()
    body = assert_error(api.post("/events", json=with_time("occurred_at", ahead)), 422)
    assert body["errors"][0]["path"] == "occurred_at"
    assert "future" in body["errors"][0]["message"]
    within = {**with_time("occurred_at", (now + timedelta(seconds=30)).isoformat())}
    assert api.post("/events", json=within).status_code == 200


def test_rel003_a_planned_start_months_ahead_is_accepted_a_year_and_more_is_not(api: Api) -> None:
    now = datetime.now(UTC)
    months = with_time("incident.started_at", (now + timedelta(days=90)).isoformat())
    assert api.post("/events", json=months).status_code == 200
    years = with_time("incident.started_at", (now + timedelta(days=400)).isoformat())
    body = assert_error(api.post("/events", json={**years, "event_id": "t-2"}), 422)
    assert body["errors"][0]["path"] == "incident.started_at"


def test_rel004_csv_and_cap_share_the_bounds(api: Api) -> None:
    csv = (
        "source,event_id,type,occurred_at,incident_id,kind,title,lat,lon,city\n"
        "test,c-1,incident.reported,2300-01-01T00:00:00Z,inc-c,operation,T,34,-118,los-angeles\n"
    )
    body = assert_error(
        api.post("/import/csv", data=csv, headers={"Content-Type": "text/csv"}), 422
    )
    assert [e["path"] for e in body["errors"]] == ["line 2.occurred_at"]


BAD_TIMES = [
    datetime(2300, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, 3, tzinfo=UTC),
]


def poison(app: Dash, moment: datetime) -> str:
    """Write incidents and steps with an impossible time straight into the store.

    One incident starts at `moment` and is notified now (a lead time of centuries); the
    other was reported at `moment` (its last-event time) and is notified now too.
    """
    rt = app.server.extensions["headsup"]
    now = datetime.now(UTC)
    with rt.store.engine.connect() as conn:
        agency = queries.agencies_frame(conn)["id"].iloc[0]
    where = {"kind": "operation", "lat": 34.04, "lon": -118.25, "city": "los-angeles"}
    bad_start = {**where, "title": "Bad start", "started_at": moment}
    bad_report = {**where, "title": "Bad report", "started_at": now}
    started, reported = f"bad-start-{moment.year}", f"bad-report-{moment.year}"
    rt.store.append(
        [
            unchecked("incident.reported", started, now, **bad_start),
            unchecked("notification.sent", started, now, agency=agency),
            unchecked("incident.reported", reported, moment, **bad_report),
            unchecked("notification.sent", reported, now, agency=agency),
            unchecked("unit.on_scene", reported, moment, agency=agency),
        ]
    )
    return started


@pytest.fixture
def poisoned_app(config: Config, database_url: str):
    app = create_app(replace(config, database_url=database_url, api_rate_limit="100000/minute"))
    yield app
    app.server.extensions["headsup"].stop()


@pytest.mark.parametrize("moment", BAD_TIMES, ids=lambda m: str(m.year))
def test_rel005_a_stored_bad_time_fails_no_page_callback_or_api_route(
    poisoned_app: Dash, moment: datetime
) -> None:
    client = client_as(poisoned_app, "admin")
    assert post(client, forged_bodies(poisoned_app, "")["page.children"]).status_code == 200
    incident_id = poison(poisoned_app, moment)  # after the first load: the tick path too
    for name, body in forged_bodies(poisoned_app, incident_id).items():
        for path in ("/", "/wall", "/admin"):
            if name == "page.children":
                body["inputs"][0]["value"] = path
            response = post(client, body)
            assert response.status_code in (200, 204), (name, path, response.get_data()[:500])
    for route in ("/alarms", "/incidents", f"/incidents/{incident_id}", "/events?after=0"):
        response = client.get(f"/api/v1{route}")
        assert response.status_code == 200, (route, response.get_data()[:500])
    assert client.get("/").status_code == 200

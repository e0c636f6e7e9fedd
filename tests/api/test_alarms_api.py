"""GET /api/v1/alarms over the demo scenario."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.store import queries
from tests.auth import client_as


@pytest.fixture
def client(config: Config) -> Iterator[FlaskClient]:
    app = create_app(config, start_feed=False)
    yield client_as(app, "viewer")  # reads need a token or a signed-in session
    app.server.extensions["headsup"].stop()


def test_trk701_alarms_list_the_unanswered_request_with_its_rules(client: FlaskClient) -> None:
    body = client.get("/api/v1/alarms").get_json()
    assert body["rules"] == {
        "ack_within_min": 10.0,
        "on_scene_within_min": 30.0,
        "source_silent_after_min": 30.0,
    }
    unanswered = [a for a in body["alarms"] if a["kind"] == "unacknowledged"]
    assert len(unanswered) == 1
    alarm = unanswered[0]
    assert (alarm["incident_id"], alarm["agency_id"]) == ("protest-portland", "ppb")
    assert alarm["message"].startswith("request not acknowledged for 14 min")
    assert alarm["since"].endswith("+00:00")
    assert body["count"] == len(body["alarms"])


def test_trk702_alarms_can_be_limited_to_cities(client: FlaskClient) -> None:
    body = client.get("/api/v1/alarms?city=chicago").get_json()
    assert [a for a in body["alarms"] if a["incident_id"]] == []
    body = client.get("/api/v1/alarms?city=portland&city=chicago").get_json()
    assert {a["incident_id"] for a in body["alarms"]} == {"protest-portland"}


def test_trk703_incident_detail_uses_the_dispute_tolerance_and_keeps_every_claim(
    client: FlaskClient,
) -> None:
    store = client.application.extensions["headsup"].store
    with store.engine.connect() as conn:
        dispatched = queries.claims_frame(conn, ["protest-paramount"])
    at = dispatched.loc[dispatched["step"] == "dispatched", "occurred_at"].iloc[0]
    # ICE logs the dispatch two minutes later than the sheriff: within the tolerance.
    late = Event(
        source="ice-ero",
        event_id="trk703-dispatch",
        type="unit.dispatched",
        occurred_at=at + timedelta(minutes=2),
        incident_id="protest-paramount",
        agency="lasd",
    )
    store.append([late])
    response = client.get("/api/v1/incidents/protest-paramount")
    assert response.status_code == 200
    (lasd,) = [t for t in response.get_json()["tracks"] if t["agency"] == "lasd"]
    # On scene 38 min vs 2 h 7 min: disputed. Dispatch 2 min apart, request same time: not.
    assert lasd["disputed_steps"] == ["on_scene"]
    sources = sorted((c["step"], c["source"]) for c in lasd["claims"])
    assert ("assistance_requested", "ice-ero") in sources
    assert ("assistance_requested", "lasd-cad") in sources
    assert [s for s in sources if s[0] == "on_scene"] == [
        ("on_scene", "ice-ero"),
        ("on_scene", "lasd-cad"),
    ]

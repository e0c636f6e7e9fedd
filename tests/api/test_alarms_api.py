"""GET /api/v1/alarms over the demo scenario."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from dashboard import create_app
from dashboard.config import Config


@pytest.fixture
def client(config: Config) -> Iterator[FlaskClient]:
    app = create_app(config, start_feed=False)
    yield app.server.test_client()
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

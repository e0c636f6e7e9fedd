"""GET /incidents (GeoJSON, filters, notification summary) and GET /incidents/{id}."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report, step


@pytest.fixture
def picture(api: Api) -> Api:
    """Two LA incidents and one in Chicago, with LAPD notified ahead and on scene."""
    events = [
        report("op", started_at="2026-06-06T17:00:00Z"),
        report("march", kind="protest", lat=34.05, lon=-118.24),
        {
            **report("chi", city="chicago", lat=41.88, lon=-87.63),
            "occurred_at": "2026-06-07T09:00:00Z",
        },
        step("notification.sent", "op", at="16:30", channel="phone"),
        step("notification.acknowledged", "op", at="16:35"),
        step("assistance.requested", "op", at="17:20"),
        step("unit.on_scene", "op", at="17:58"),
        # The federal side says LAPD was on scene later: a disputed step.
        step("unit.on_scene", "op", at="19:25", source="test"),
        step("notification.sent", "chi", agency="cpd", at="08:00"),
    ]
    assert api.post("/events", json={"events": events}).status_code == 200
    return api


def features(api: Api, query: str = "") -> dict[str, dict]:
    body = api.get(f"/incidents{query}").get_json()
    assert body["type"] == "FeatureCollection"
    return {f["id"]: f for f in body["features"]}


def test_api030_incidents_are_a_geojson_feature_collection(picture: Api) -> None:
    found = features(picture)
    assert set(found) == {"op", "march", "chi"}
    op = found["op"]
    assert op["type"] == "Feature"
    assert op["geometry"] == {"type": "Point", "coordinates": [-118.25, 34.04]}
    summary = op["properties"]["notifications"]
    assert summary["notified"] == ["lapd"] and summary["acknowledged"] == ["lapd"]
    assert summary["on_scene"] == ["lapd"]
    assert summary["unnotified_local"] == ["la-mayor", "lasd"]  # the city's and the county's
    assert summary["best_lead_time_s"] == 30 * 60
    assert found["march"]["properties"]["notifications"]["notified"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=protest", {"march"}),
        ("?status=active", {"op", "march", "chi"}),
        ("?status=closed", set()),
        ("?city=chicago", {"chi"}),
        ("?agency=cpd", {"chi"}),
        ("?agency=lapd&city=los-angeles", {"op"}),
        ("?since=2026-06-07T00:00:00Z", {"chi"}),
        ("?until=2026-06-06T23:00:00%2B00:00", {"op", "march"}),
        ("?bbox=-118.245,34.0,-118.2,34.1", {"march"}),
        ("?bbox=-90,40,-80,45", {"chi"}),
        # West east of east spans the antimeridian: everything but the Americas' middle.
        ("?bbox=-80,0,-100,90", {"op", "march"}),
        ("?bbox=-180,45,180,40", set()),
    ],
)
def test_api031_filters_combine(picture: Api, query: str, expected: set[str]) -> None:
    assert set(features(picture, query)) == expected


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("?kind=parade", "kind"),
        ("?status=gone", "status"),
        ("?since=2026-06-07T00:00:00", "since"),
        ("?until=yesterday", "until"),
        ("?until=0.5", "until"),
        ("?since=2026-06-07%2000:00:00Z", "since"),
        ("?bbox=1,2,3", "bbox"),
        ("?bbox=10,0,-10,x", "bbox"),
        ("?bbox=1, 2,3,4", "bbox"),
        ("?bbox=0,-95,1,1", "bbox"),
        ("?city=has%20space", "city"),
    ],
)
def test_api032_bad_filters_are_400_naming_the_parameter(
    picture: Api, query: str, path: str
) -> None:
    assert paths(assert_error(picture.get(f"/incidents{query}"), 400, "invalid_query")) == [path]


def test_api033_detail_has_tracks_with_figures_and_a_sourced_timeline(picture: Api) -> None:
    body = picture.get("/incidents/op").get_json()
    assert body["incident"]["id"] == "op"
    (track,) = body["tracks"]
    assert track["agency"] == "lapd" and track["local"] is True
    assert track["lead_time_s"] == 30 * 60
    assert track["response_time_s"] == 38 * 60  # the earliest on-scene claim
    assert track["disputed_steps"] == ["on_scene"]
    on_scene = sorted(
        (c["source"], c["occurred_at"]) for c in track["claims"] if c["step"] == "on_scene"
    )
    assert [s for s, _ in on_scene] == ["lapd-cad", "test"]
    assert track["steps"]["notified"].startswith("2026-06-06T16:30")
    timeline = body["timeline"]
    assert [e["occurred_at"] for e in timeline] == sorted(e["occurred_at"] for e in timeline)
    assert {e["source"] for e in timeline} == {"lapd-cad", "test"}
    assert timeline[0]["type"] == "notification.sent"  # 30 min before the reported start
    assert timeline[0]["data"] == {"channel": "phone"}


def test_api034_unknown_incident_is_404(picture: Api) -> None:
    assert paths(assert_error(picture.get("/incidents/nope"), 404, "not_found")) == ["incident_id"]


def test_api122_the_list_shows_each_incident_as_its_detail_does(picture: Api) -> None:
    picture.post("/events", json=report("bare", address="1 Main St", crowd_size=40))
    listed = features(picture)
    assert set(listed) == {"op", "march", "chi", "bare"}
    for incident_id, listed_one in listed.items():
        detail = picture.get(f"/incidents/{incident_id}").get_json()["incident"]
        assert listed_one == detail
    assert listed["bare"]["properties"]["crowd_size"] == 40
    assert listed["march"]["properties"]["address"] is None

"""POST /events and GET /events: idempotency, conflicts, all-or-nothing batches, the feed."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report, step


def ids(api: Api) -> list[str]:
    return [f["id"] for f in api.get("/incidents").get_json()["features"]]


def test_api001_single_event_is_stored_and_counted(api: Api) -> None:
    response = api.post("/events", json=report("a"))
    assert response.status_code == 200
    assert response.get_json() == {"accepted": 1, "duplicates": 0, "last_seq": 1}
    assert ids(api) == ["a"]


def test_api002_resent_batch_is_all_duplicates_and_changes_nothing(api: Api) -> None:
    batch = {"events": [report("a"), step("notification.sent", "a", at="16:30")]}
    assert api.post("/events", json=batch).get_json() == {
        "accepted": 2,
        "duplicates": 0,
        "last_seq": 2,
    }
    again = api.post("/events", json=batch)
    assert again.get_json() == {"accepted": 0, "duplicates": 2, "last_seq": 2}


def test_api003_same_id_different_body_is_409_naming_the_event(api: Api) -> None:
    first = report("a")
    api.post("/events", json=first)
    changed = {**first, "occurred_at": "2026-06-06T18:00:00Z"}
    body = assert_error(
        api.post("/events", json={"events": [report("b"), changed]}), 409, "conflict"
    )
    assert paths(body) == ["events[1].event_id"]
    assert first["event_id"] in body["errors"][0]["message"]
    assert "lapd-cad" in body["errors"][0]["message"]
    assert ids(api) == ["a"]


def test_api004_batch_with_one_bad_event_stores_none_and_lists_it_by_index(api: Api) -> None:
    bad = report("b")
    bad["occurred_at"] = "2026-06-06T17:00:00"
    body = assert_error(
        api.post("/events", json={"events": [report("a"), bad, report("c")]}),
        422,
        "invalid_events",
    )
    assert body["errors"] == [{"path": "events[1].occurred_at", "message": "timezone required"}]
    assert api.get("/health").get_json()["latest_seq"] == 0


def _with(event: dict, **changes: object) -> dict:
    return {**event, **changes}


def _incident(**changes: object) -> dict:
    event = report("x")
    return {**event, "incident": {**event["incident"], **changes}}


BAD_EVENTS = {
    "missing field": ({k: v for k, v in report().items() if k != "source"}, "source"),
    "wrong type": (_with(report(), incident_id=12), "incident_id"),
    "unknown type": (_with(report(), type="incident.exploded"), "type"),
    "unknown kind": (_incident(kind="parade"), "incident.kind"),
    "unknown status": (_incident(status="maybe"), "incident.status"),
    "naive time": (_with(report(), occurred_at="2026-06-06T17:00:00"), "occurred_at"),
    "unparsable time": (_with(report(), occurred_at="last tuesday"), "occurred_at"),
    "latitude out of range": (_incident(lat=91), "incident.lat"),
    "longitude out of range": (_incident(lon=-181), "incident.lon"),
    "unknown field": (_with(report(), colour="red"), "colour"),
    "agency missing on a step": (_with(step("unit.dispatched"), agency=None), "(body)"),
}


@pytest.mark.parametrize("case", list(BAD_EVENTS), ids=list(BAD_EVENTS))
def test_api005_each_bad_field_is_422_with_its_path(api: Api, case: str) -> None:
    event, path = BAD_EVENTS[case]
    body = assert_error(api.post("/events", json=event), 422, "invalid_events")
    assert path in paths(body)
    batch = assert_error(api.post("/events", json={"events": [report("ok"), event]}), 422)
    assert any(p.startswith("events[1]") for p in paths(batch))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_api006_nan_and_infinity_are_refused_as_not_finite(api: Api, literal: str) -> None:
    text = json.dumps(report("x")).replace('"lat": 34.04', f'"lat": {literal}')
    response = api.post("/events", data=text, content_type="application/json")
    body = assert_error(response, 422, "invalid_events")
    assert body["errors"] == [{"path": "incident.lat", "message": "must be a finite number"}]


def test_api007_malformed_json_is_400_and_wrong_content_type_415(api: Api) -> None:
    assert_error(
        api.post("/events", data=b'{"source": ', content_type="application/json"),
        400,
        "malformed_json",
    )
    assert_error(
        api.post("/events", data=b"\xff\xfe", content_type="application/json"),
        400,
        "malformed_json",
    )
    assert_error(
        api.post("/events", data=json.dumps(report()), content_type="text/plain"),
        415,
        "unsupported_media_type",
    )
    assert_error(api.post("/events", json=[report()]), 422, "invalid_events")


def test_api008_unknown_agency_and_incident_are_422_naming_them(api: Api) -> None:
    api.post("/events", json=report("a"))
    body = assert_error(
        api.post(
            "/events",
            json={
                "events": [
                    step("notification.sent", "a", agency="no-such-pd"),
                    step("notification.sent", "ghost"),
                ]
            },
        ),
        422,
        "unknown_reference",
    )
    assert paths(body) == ["events[0].agency", "events[1].incident_id"]
    assert "ghost" in body["errors"][1]["message"]


def test_api009_batch_over_the_limit_is_413(make: Callable[..., Api]) -> None:
    api = make(max_batch=3)
    body = assert_error(
        api.post("/events", json={"events": [report(f"i{n}") for n in range(4)]}),
        413,
        "batch_too_large",
    )
    assert "3" in body["message"]
    assert (
        api.post("/events", json={"events": [report(f"i{n}") for n in range(3)]}).status_code == 200
    )


def test_api010_body_over_the_size_limit_is_413(make: Callable[..., Api]) -> None:
    api = make(max_body_bytes=2_000)
    big = {"events": [report(f"i{n}") for n in range(20)]}
    assert_error(api.post("/events", json=big), 413, "body_too_large")


def test_api011_feed_pages_in_seq_order_with_a_cursor(api: Api) -> None:
    api.post("/events", json={"events": [report(f"i{n}") for n in range(5)]})
    first = api.get("/events?after=0&limit=2").get_json()
    assert [e["seq"] for e in first["events"]] == [1, 2]
    assert (first["next"], first["has_more"], first["latest_seq"]) == (2, True, 5)
    rest = api.get(f"/events?after={first['next']}&limit=10").get_json()
    assert [e["seq"] for e in rest["events"]] == [3, 4, 5]
    assert (rest["next"], rest["has_more"]) == (5, False)
    empty = api.get("/events?after=5").get_json()
    assert (empty["events"], empty["next"]) == ([], 5)
    event = rest["events"][0]
    assert event["source"] == "lapd-cad" and event["incident"]["city"] == "los-angeles"


@pytest.mark.parametrize("query", ["after=-1", "after=x", "limit=0", "limit=5000"])
def test_api012_bad_feed_parameters_are_400(api: Api, query: str) -> None:
    body = assert_error(api.get(f"/events?{query}"), 400, "invalid_query")
    assert paths(body) == [query.split("=")[0]]


def test_api013_round_trip_on_both_databases(make: Callable[..., Api], database_url: str) -> None:
    api = make(database_url=database_url)
    batch = {"events": [report("a"), step("notification.sent", "a", at="16:30")]}
    assert api.post("/events", json=batch).get_json()["accepted"] == 2
    feed = api.get("/events").get_json()["events"]
    assert [e["type"] for e in feed] == ["incident.reported", "notification.sent"]
    assert feed[1]["agency"] == "lapd" and feed[1]["occurred_at"].startswith("2026-06-06T16:30")

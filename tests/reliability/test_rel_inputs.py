"""Inputs that once answered 500 or 503, or were stored altered, are refused with a 4xx."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.reliability.conftest import Api, assert_error
from tests.reliability.test_rel_times import GOOD


def nested(depth: int) -> dict:
    """Return a dict nested `depth` levels deep."""
    data: dict = {}
    for _ in range(depth - 1):
        data = {"a": data}
    return data


def note(data: object) -> str:
    """Return the JSON of a report carrying `data` (as text: NaN is not JSON)."""
    return json.dumps({**GOOD, "data": data})


@pytest.mark.parametrize("depth", [17, 60, 900])
def test_rel010_data_nested_too_deeply_is_refused(api: Api, depth: int) -> None:
    response = api.post("/events", data=note(nested(depth)), content_type="application/json")
    body = assert_error(response, 422)
    assert body["errors"][0]["path"] in ("data", "(body)")
    assert api.post("/events", json={**GOOD, "data": nested(16)}).status_code == 200


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_rel011_nan_and_infinity_in_data_are_refused_not_stored_as_null(
    api: Api, literal: str
) -> None:
    text = json.dumps({**GOOD, "data": {"speed": 0.5}}).replace("0.5", literal)
    body = assert_error(api.post("/events", data=text, content_type="application/json"), 422)
    assert body["errors"][0]["path"] == "data"
    assert "data.speed" in body["errors"][0]["message"]
    assert api.runtime.store.latest_seq() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("incident.title", "Road\x00block"),
        ("incident.title", "bell\x07"),
        ("incident.address", "Main St\x1b[31m"),
        ("data", {"text": "a\x00b"}),
        ("data", {"k\x00": "v"}),
    ],
)
def test_rel012_control_characters_are_refused_on_both_databases(
    make: Callable[..., Api], database_url: str, field: str, value: object
) -> None:
    api = make(database_url=database_url)
    event = {**GOOD, "incident": dict(GOOD["incident"])}
    if field == "data":
        event["data"] = value
    else:
        event["incident"][field.split(".")[1]] = value
    body = assert_error(api.post("/events", json=event), 422)
    assert body["errors"][0]["path"] == field
    assert "control character" in body["errors"][0]["message"]
    # Tab and newline are text, not control: a multi-line address is fine.
    event = {**GOOD, "incident": {**GOOD["incident"], "address": "1 Main St\n\tRear"}}
    assert api.post("/events", json=event).status_code == 200


def test_rel013_crowd_size_true_is_no_number(api: Api) -> None:
    event = {**GOOD, "incident": {**GOOD["incident"], "crowd_size": True}}
    body = assert_error(api.post("/events", json=event), 422)
    assert body["errors"][0]["path"] == "incident.crowd_size"

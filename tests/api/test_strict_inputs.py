"""The server takes exactly what the document states: strict JSON types, rules per event type."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report, step


def test_api114_agency_fields_are_strictly_typed(api: Api) -> None:
    agency = {"id": "lafd", "name": "LA Fire", "kind": "fire", "local": 0}
    body = assert_error(api.post("/agencies", token=api.admin, json=agency), 422, "invalid_agency")
    assert paths(body) == ["local"]
    agency["local"] = True
    assert api.post("/agencies", token=api.admin, json=agency).status_code == 201
    assert_error(api.post("/agencies", token=api.admin, json=agency), 409, "conflict")
    unknown = {**agency, "id": "x", "jurisdiction_id": "atlantis"}
    body = assert_error(api.post("/agencies", token=api.admin, json=unknown), 422, "unknown_city")
    assert paths(body) == ["jurisdiction_id"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"occurred_at": 1780765200}, "occurred_at"),
        ({"occurred_at": "0.5"}, "occurred_at"),
        ({"occurred_at": "2026-06-06 17:00:00Z"}, "occurred_at"),
        ({"incident": {"lat": "34.0"}}, "incident.lat"),
        ({"incident": {"crowd_size": 12.5}}, "incident.crowd_size"),
        ({"incident": {"crowd_size": True}}, "incident.crowd_size"),
    ],
)
def test_api115_json_types_are_strict(api: Api, change: dict[str, Any], path: str) -> None:
    event = report("strict")
    for key, value in change.items():
        event[key] = {**event[key], **value} if isinstance(value, dict) else value
    body = assert_error(api.post("/events", json=event), 422, "invalid_events")
    assert paths(body) == [path]


def test_api116_a_whole_float_is_an_integer_as_json_schema_says(api: Api) -> None:
    assert api.post("/events", json=report("crowd", crowd_size=284.0)).status_code == 200
    detail = api.get("/incidents/crowd").get_json()
    assert detail["incident"]["properties"]["crowd_size"] == 284


def test_api117_rules_per_event_type_hold(api: Api) -> None:
    api.post("/events", json=report("typed"))
    on_step = {**step("unit.on_scene", "typed"), "incident": {"status": "active"}}
    assert_error(api.post("/events", json=on_step), 422, "invalid_events")
    no_agency = step("unit.on_scene", "typed")
    del no_agency["agency"]
    assert_error(api.post("/events", json=no_agency), 422, "invalid_events")
    assert api.post("/events", json=step("unit.on_scene", "typed")).status_code == 200

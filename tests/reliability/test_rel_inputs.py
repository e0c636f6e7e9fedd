"""Inputs that once answered 500 or 503, or were stored altered, are refused with a 4xx."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import text

from tests.reliability.conftest import GOOD_EVENT as GOOD
from tests.reliability.conftest import Api, assert_error


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


def test_rel014_agency_and_city_ids_longer_than_the_store_keeps_are_422_on_both(
    make: Callable[..., Api], database_url: str
) -> None:
    api = make(database_url=database_url)
    agency = {"id": "a" * 65, "name": "Long", "kind": "police"}
    body = assert_error(api.post("/agencies", token=api.admin, json=agency), 422)
    assert [e["path"] for e in body["errors"]] == ["id"]
    assert (
        api.post("/agencies", token=api.admin, json={**agency, "id": "a" * 64}).status_code == 201
    )


@pytest.mark.postgres
def test_rel015_a_value_the_database_refuses_is_422_not_a_503_to_retry(
    make: Callable[..., Api], pg_url: str
) -> None:
    api = make(database_url=pg_url)
    engine = api.runtime.store.engine

    def refused_cast() -> str:
        with engine.connect() as conn:  # a real DataError from PostgreSQL
            return str(conn.execute(text("SELECT CAST('not a number' AS integer)")).scalar())

    api.app.server.add_url_rule("/api/v1/refused-cast", "refused_cast", refused_cast)
    response = api.client.get("/api/v1/refused-cast")
    body = assert_error(response, 422, "refused_by_database")
    assert "Retry-After" not in response.headers
    assert body["message"]

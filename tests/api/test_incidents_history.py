"""GET /incidents?as_of=…&basis=…: the picture at a past time, as it happened or as known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.conftest import Api, assert_error, paths
from tests.factories import at, reported, step


@pytest.fixture
def late(api: Api) -> Api:
    """An operation reported at 17:00 whose notification, made at 17:00, arrived at 17:40."""
    store = api.runtime.store
    store.append([reported("op", 0)], received_at=at(0))
    store.append([step("notification.sent", "op", "lapd", 0)], received_at=at(40))
    return api


def notified(api: Api, query: str) -> list[str]:
    response = api.get(f"/incidents{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    [feature] = body["features"]
    return feature["properties"]["notifications"]["notified"]


def test_api150_as_of_shows_a_late_event_as_happened_before_it_is_known(late: Api) -> None:
    assert notified(late, "?as_of=2026-06-06T17:30:00Z&basis=happened") == ["lapd"]
    assert notified(late, "?as_of=2026-06-06T17:30:00Z&basis=known") == []
    assert notified(late, "?as_of=2026-06-06T17:30:00Z") == []  # known is the default
    for basis in ("happened", "known"):
        assert notified(late, f"?as_of=2026-06-06T17:45:00Z&basis={basis}") == ["lapd"]
    body = late.get("/incidents?as_of=2026-06-06T19:45:00%2B02:00&basis=happened").get_json()
    assert (body["as_of"], body["basis"]) == ("2026-06-06T17:45:00+00:00", "happened")
    assert (
        late.get("/incidents?as_of=2026-06-06T16:59:00Z&basis=happened").get_json()["features"]
        == []
    )


def test_api151_without_as_of_the_answer_is_the_live_picture(late: Api) -> None:
    body = late.get("/incidents").get_json()
    assert (body["as_of"], body["basis"]) == (None, "known")
    assert [f["id"] for f in body["features"]] == ["op"]
    assert notified(late, "?basis=happened") == ["lapd"]


@pytest.mark.parametrize(
    ("query", "status", "param"),
    [
        ("as_of=yesterday", 400, "as_of"),
        ("as_of=2026-06-06T17:30:00", 400, "as_of"),
        ("as_of=1899-12-31T23:59:59Z", 422, "as_of"),
        ("as_of=FUTURE", 422, "as_of"),
        ("basis=rumoured", 400, "basis"),
        ("as_of=2026-06-06T17:30:00Z&basis=", 400, "basis"),
    ],
)
def test_api152_a_bad_as_of_or_basis_is_refused_naming_the_parameter(
    late: Api, query: str, status: int, param: str
) -> None:
    # An hour ahead is past the default skew (five minutes); a minute ahead is within it.
    ahead = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = assert_error(late.get(f"/incidents?{query.replace('FUTURE', ahead)}"), status)
    assert paths(body) == [param]
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert late.get(f"/incidents?as_of={soon}").status_code == 200

"""GET /alarms and GET /audit are API routes like the rest: one error shape, one rate limit."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.conftest import Api, assert_error, paths


@pytest.mark.parametrize("route", ["/alarms", "/audit"])
def test_api110_no_token_or_a_bad_one_is_401_in_the_shape(api: Api, route: str) -> None:
    body = assert_error(api.get(route, anonymous=True), 401, "unauthorized")
    assert paths(body) == ["Authorization"]
    forged = api.get(route, anonymous=True, headers={"Authorization": "Bearer hu_forged"})
    assert_error(forged, 401, "unauthorized")
    assert forged.headers["WWW-Authenticate"].startswith("Bearer")


def test_api111_audit_needs_an_admin_token_and_validates_its_query(api: Api) -> None:
    assert_error(api.get("/audit"), 403, "forbidden")  # the writer is no admin
    admin = api.auth(api.admin)
    assert api.get("/audit?limit=5&action=refused", headers=admin).status_code == 200
    for query in ("limit=0", "limit=1001", "limit=2.5", "action="):
        assert paths(assert_error(api.get(f"/audit?{query}", headers=admin), 400)) == [
            query.split("=")[0]
        ]
    assert_error(api.get("/alarms?city=has%20space"), 400, "invalid_query")


@pytest.mark.parametrize("route", ["/alarms", "/audit"])
def test_api112_the_third_call_past_two_a_minute_is_429_with_retry_after(
    make: Callable[..., Api], route: str
) -> None:
    api = make(api_rate_limit="2/minute")
    token = api.auth(api.admin)
    assert [api.get(route, headers=token).status_code for _ in range(2)] == [200, 200]
    third = api.get(route, headers=token)
    assert_error(third, 429, "rate_limited")
    assert 0 < int(third.headers["Retry-After"]) <= 61


def test_api113_options_lists_only_the_methods_a_route_has(api: Api) -> None:
    for route, methods in {
        "/alarms": {"GET", "HEAD", "OPTIONS"},
        "/events": {"GET", "HEAD", "POST", "OPTIONS"},
        "/cap": {"POST", "OPTIONS"},
        "/incidents/any-id": {"GET", "HEAD", "OPTIONS"},
    }.items():
        response = api.client.options(f"/api/v1{route}")
        assert response.status_code == 200
        assert set(response.headers["Allow"].split(", ")) == methods
    assert_error(api.client.options("/api/v1/nowhere"), 404, "not_found")

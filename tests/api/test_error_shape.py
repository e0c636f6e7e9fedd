"""Walk every API route with bad input: each answer is a 4xx in the one error shape."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.api.conftest import Api, assert_error

# Per route and method: bad requests, as (description, kwargs for the test client, status).
GARBAGE = b"\x00\xff<<not what you think>>{"
POST_CASES: list[tuple[str, dict, int]] = [
    ("no token", {"token": "", "data": b"{}", "content_type": "application/json"}, 401),
    ("unknown token", {"token": "hu_nope", "data": b"{}", "content_type": "application/json"}, 401),
    ("wrong content type", {"data": b"{}", "content_type": "image/png"}, 415),
    ("no content type", {"data": b"{}"}, 415),
    ("garbage body", {"data": GARBAGE, "content_type": "{json}"}, 400),
]
CONTENT_TYPES = {
    "/api/v1/events": "application/json",
    "/api/v1/agencies": "application/json",
    "/api/v1/cap": "application/cap+xml",
    "/api/v1/import/csv": "text/csv",
}
GET_QUERIES = {
    "/api/v1/events": "?after=-3&limit=abc",
    "/api/v1/incidents": "?kind=x&status=y&since=z&until=w&bbox=1,2",
}
ROUTES = {
    ("/api/v1/events", "POST"),
    ("/api/v1/events", "GET"),
    ("/api/v1/incidents", "GET"),
    ("/api/v1/incidents/<incident_id>", "GET"),
    ("/api/v1/agencies", "GET"),
    ("/api/v1/agencies", "POST"),
    ("/api/v1/cap", "POST"),
    ("/api/v1/import/csv", "POST"),
    ("/api/v1/health", "GET"),
    ("/api/v1/openapi.json", "GET"),
    ("/api/v1/alarms", "GET"),
    ("/api/v1/audit", "GET"),
    ("/api/v1/jurisdictions", "GET"),
    ("/api/v1/jurisdictions/<jurisdiction_id>", "PUT"),
    ("/api/v1/agencies/<agency_id>", "PUT"),
}
# Routes that take a JSON body by PUT, with a path that names a row.
PUT_PATHS = ("/api/v1/jurisdictions/some-id", "/api/v1/agencies/some-id")


def test_api080_the_walk_covers_every_route_the_app_has(api: Api) -> None:
    found = {
        (rule.rule, method)
        for rule in api.app.server.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown_route"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert found == ROUTES


@pytest.mark.parametrize("path", sorted(CONTENT_TYPES))
def test_api081_every_write_route_refuses_bad_requests_in_the_shape(
    make: Callable[..., Api], path: str
) -> None:
    api = make(max_body_bytes=10_000)
    for description, kwargs, status in POST_CASES:
        kwargs = dict(kwargs)
        if kwargs.get("content_type") == "{json}":
            kwargs["content_type"] = CONTENT_TYPES[path]
        token = kwargs.pop("token", api.admin)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = api.client.post(path, headers=headers, **kwargs)
        assert response.status_code == status, (description, response.get_json())
        assert_error(response, status)
    too_big = api.client.post(
        path,
        headers=api.auth(api.admin),
        data=b"x" * 20_000,
        content_type=CONTENT_TYPES[path],
    )
    assert_error(too_big, 413, "body_too_large")


@pytest.mark.parametrize("path", PUT_PATHS)
def test_api084_every_put_route_refuses_bad_requests_in_the_shape(
    make: Callable[..., Api], path: str
) -> None:
    api = make(max_body_bytes=10_000)
    for description, kwargs, status in POST_CASES:
        kwargs = dict(kwargs)
        if kwargs.get("content_type") == "{json}":
            kwargs["content_type"] = "application/json"
        token = kwargs.pop("token", api.admin)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = api.client.put(path, headers=headers, **kwargs)
        assert response.status_code == status, (description, response.get_json())
        assert_error(response, status)
    writer = api.client.put(path, headers=api.auth(), json={})
    assert_error(writer, 403, "forbidden")  # an admin token is needed
    too_big = api.client.put(
        path, headers=api.auth(api.admin), data=b"x" * 20_000, content_type="application/json"
    )
    assert_error(too_big, 413, "body_too_large")


@pytest.mark.parametrize("path", sorted(GET_QUERIES))
def test_api082_every_read_route_with_parameters_refuses_bad_ones(api: Api, path: str) -> None:
    response = api.client.get(path + GET_QUERIES[path], headers=api.auth())
    body = assert_error(response, 400, "invalid_query")
    assert len(body["errors"]) >= 2  # every bad parameter is named, not just the first


@pytest.mark.parametrize(("rule", "method"), sorted(ROUTES))
def test_api083_every_route_refuses_a_method_it_lacks_in_the_shape(
    api: Api, rule: str, method: str
) -> None:
    path = re.sub(r"<\w+>", "some-id", rule)
    response = api.client.open(path, method="PATCH" if method == "PUT" else "PUT")
    assert_error(response, 405, "method_not_allowed")
    assert method in response.headers["Allow"]

"""Bearer tokens: required for writes, scoped to sources, admin for agencies, revocable."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from dashboard.store.schema import api_tokens
from dashboard.store.tokens import create_token, hash_token, revoke_token
from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report


def test_api020_write_without_token_is_401_with_a_challenge(api: Api) -> None:
    response = api.client.post("/api/v1/events", json=report())
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api021_unknown_malformed_and_revoked_tokens_are_401(api: Api) -> None:
    for header in ("Bearer hu_not-a-real-token", "Basic dXNlcjpwdw==", "Bearer"):
        response = api.client.post(
            "/api/v1/events", json=report(), headers={"Authorization": header}
        )
        assert_error(response, 401, "unauthorized")
    revoke_token(api.runtime.store.engine, api.writer_name)
    assert_error(api.post("/events", json=report()), 401, "unauthorized")


def test_api022_source_outside_the_token_scope_is_403_per_event(api: Api) -> None:
    engine = api.runtime.store.engine
    narrow = create_token(engine, "narrow", ["test"])
    batch = {"events": [report("a"), {**report("b"), "source": "test"}]}
    body = assert_error(api.post("/events", token=narrow, json=batch), 403, "forbidden")
    assert paths(body) == ["events[0].source"]
    assert "lapd-cad" in body["errors"][0]["message"]
    assert api.get("/health").get_json()["latest_seq"] == 0


def test_api023_tokens_are_stored_only_as_hashes(api: Api) -> None:
    with api.runtime.store.engine.connect() as conn:
        rows = conn.execute(select(api_tokens)).mappings().all()
    stored = " ".join(str(value) for row in rows for value in row.values())
    assert api.writer not in stored and api.admin not in stored
    assert hash_token(api.writer) in stored


def test_api024_reads_are_open_on_loopback_only(make: Callable[..., Api]) -> None:
    local = make()
    assert local.get("/incidents").status_code == 200
    exposed = make(host="0.0.0.0", database_url=local.runtime.config.database_url)
    for route in ("/incidents", "/events", "/agencies", "/incidents/x"):
        assert_error(exposed.get(route), 401, "unauthorized")
    assert exposed.get("/incidents", headers=exposed.auth()).status_code == 200
    assert exposed.get("/health").status_code == 200
    # Served by gunicorn on 0.0.0.0 with HOST left at its default: remote callers need a token.
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert_error(local.get("/incidents", environ_base=remote), 401, "unauthorized")
    assert local.get("/incidents", environ_base=remote, headers=local.auth()).status_code == 200


def test_api025_only_admin_tokens_add_agencies(api: Api) -> None:
    agency = {
        "id": "lafd",
        "name": "Los Angeles Fire Department",
        "kind": "fire",
        "jurisdiction_id": "los-angeles",
    }
    assert_error(api.post("/agencies", json=agency), 403, "forbidden")
    assert api.post("/agencies", token=api.admin, json=agency).status_code == 201

"""Health, the OpenAPI document, unknown routes, rate limits and the token CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text

from dashboard.api.replies import (
    AgencyList,
    AppendReply,
    FeedReply,
    Health,
    IncidentCollection,
    IncidentDetail,
)
from dashboard.cli import main
from dashboard.ingest.models import Event
from dashboard.store.tokens import list_tokens
from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report
from tests.databases import PG_ADMIN_URL


def test_api070_health_needs_no_token_and_reports_the_latest_seq(api: Api) -> None:
    api.post("/events", json=report("a"))
    body = api.client.get("/api/v1/health").get_json()
    assert body == {"ok": True, "database": "up", "dialect": "sqlite", "latest_seq": 1}


@pytest.mark.postgres
def test_api071_a_lost_database_is_503_with_retry_after(
    make: Callable[..., Api], pg_url: str
) -> None:
    api = make(database_url=pg_url)
    assert api.get("/health").get_json()["dialect"] == "postgresql"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{pg_url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()
    for response in (api.get("/health"), api.post("/events", json=report("a")), api.get("/events")):
        assert_error(response, 503, "database_unavailable")
        assert int(response.headers["Retry-After"]) > 0


def test_api072_openapi_is_3_1_and_built_from_the_request_models(api: Api) -> None:
    doc = api.get("/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    schemas = doc["components"]["schemas"]
    event = Event.model_json_schema(ref_template="#/components/schemas/{model}")
    assert schemas["Event"]["oneOf"] == event["oneOf"]
    step = next(v for v in event["oneOf"] if "unit.on_scene" in v["properties"]["type"]["enum"])
    assert "agency" in step["required"] and step["properties"]["incident"] == {"type": "null"}
    assert schemas["EventBatch"]["properties"]["events"]["maxItems"] == 1000
    assert set(doc["paths"]) == {
        "/events",
        "/incidents",
        "/incidents/{incident_id}",
        "/agencies",
        "/cap",
        "/import/csv",
        "/health",
        "/openapi.json",
        "/alarms",
        "/audit",
        "/jurisdictions",
        "/jurisdictions/{jurisdiction_id}",
        "/agencies/{agency_id}",
    }
    # Constraints pydantic could not place would leak as unknown keywords, unenforced by clients.
    assert not {'"ge":', '"le":', '"gt":', '"lt":'} & set(
        re.findall(r'"[gl][te]":', json.dumps(doc))
    )
    kind = next(p for p in doc["paths"]["/incidents"]["get"]["parameters"] if p["name"] == "kind")
    assert kind["schema"]["enum"] == ["operation", "staging", "protest"]


def test_api073_unknown_routes_are_404_and_wrong_methods_405(api: Api) -> None:
    for path in ("/api/v1/nope", "/api/v1/incidents/a/b", "/api/v2/events", "/api/"):
        assert_error(api.client.get(path), 404, "not_found")
    response = api.client.delete("/api/v1/events")
    body = assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert paths(body) == ["/api/v1/events"]
    assert_error(api.client.get("/api/v1/cap"), 405)
    # Pages outside /api keep the dashboard's own answers (sign in first).
    assert api.client.get("/").headers["Location"] == "/login?next=/"


def test_api074_rate_limit_is_429_with_retry_after(make: Callable[..., Api]) -> None:
    api = make(api_rate_limit="3/minute")
    for _ in range(3):
        assert api.get("/incidents").status_code == 200
    response = api.get("/incidents")
    assert_error(response, 429, "rate_limited")
    assert 0 < int(response.headers["Retry-After"]) <= 61
    assert api.get("/health", anonymous=True).status_code == 200  # monitoring is never throttled
    # Another client (token) has its own budget.
    assert api.get("/incidents", headers=api.auth(api.admin)).status_code == 200


def test_api078_made_up_tokens_count_against_their_address(make: Callable[..., Api]) -> None:
    api = make(api_rate_limit="3/minute")
    for n in range(3):
        assert_error(api.get("/incidents", headers=api.auth(f"hu_guess{n}")), 401)
    assert_error(api.get("/incidents", headers=api.auth("hu_guess9")), 429, "rate_limited")
    assert api.get("/incidents", headers=api.auth()).status_code == 200


@pytest.mark.redis
def test_api075_rate_limit_is_shared_through_redis(
    make: Callable[..., Api], redis_url: str
) -> None:
    first = make(api_rate_limit="2/minute", redis_url=redis_url)
    second = make(api_rate_limit="2/minute", redis_url=redis_url)
    # One client (the first app's token; the apps share a database) on two servers.
    assert first.get("/agencies").status_code == 200
    assert second.get("/agencies", headers=first.auth()).status_code == 200
    assert_error(first.get("/agencies"), 429, "rate_limited")


def test_api076_token_cli_creates_lists_and_revokes(
    api: Api, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", api.runtime.config.database_url)
    assert (
        main(["tokens", "create", "--name", "chicago-oemc", "--sources", "chicago-oemc,cpd-cad"])
        == 0
    )
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("hu_") and len(secret) > 40
    event = {**report("a", city="chicago", lat=41.88, lon=-87.63), "source": "cpd-cad"}
    assert api.post("/events", token=secret, json=event).status_code == 200
    assert main(["tokens", "list"]) == 0
    listing = capsys.readouterr().out
    assert "chicago-oemc\tchicago-oemc,cpd-cad\tactive" in listing and secret not in listing
    assert main(["tokens", "revoke", "chicago-oemc"]) == 0
    assert_error(api.post("/events", token=secret, json=report("b")), 401)
    assert main(["tokens", "revoke", "chicago-oemc"]) == 1
    assert main(["tokens", "create", "--name", "chicago-oemc", "--sources", "x"]) == 1
    assert main(["tokens", "create", "--name", "nothing"]) == 1
    assert main(["tokens", "create", "--name", "ops", "--admin"]) == 0
    tokens = {t.name: t for t in list_tokens(api.runtime.store.engine)}
    assert tokens["ops"].admin and tokens["chicago-oemc"].revoked_at is not None


def test_api077_an_unexpected_failure_is_a_500_in_the_shape_and_logged(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A bug, simulated: the guard must still answer in the shape and leak no traceback.
    def broken(*_args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("dashboard.api.events.queries.events_after", broken)
    body = assert_error(api.get("/events"), 500, "internal_error")
    assert "secret" not in str(body)
    assert "unhandled error in GET /api/v1/events" in caplog.text


def test_api079_success_replies_match_the_documented_models(make: Callable[..., Api]) -> None:
    # Schemathesis rarely reaches the success paths of writes; check them strictly here.
    api = make(demo=True)
    some = api.get("/incidents").get_json()["features"][0]["id"]
    replies = {
        AppendReply: api.post("/events", json=report("new")),
        FeedReply: api.get("/events?limit=5"),
        IncidentCollection: api.get("/incidents"),
        IncidentDetail: api.get(f"/incidents/{some}"),
        AgencyList: api.get("/agencies"),
        Health: api.get("/health"),
    }
    for model, response in replies.items():
        assert response.status_code == 200, response.get_data(as_text=True)
        model.model_validate_json(response.get_data(), strict=True)
    detail = IncidentDetail.model_validate_json(replies[IncidentDetail].get_data())
    assert detail.tracks and detail.timeline

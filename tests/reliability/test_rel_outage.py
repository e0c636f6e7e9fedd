"""A PostgreSQL of our own stopped mid-test: 503 with Retry-After everywhere, then recovery."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.store.tokens import create_token
from tests.auth import client_as
from tests.reliability.conftest import GOOD_EVENT, ThrowawayPostgres
from tests.security.forge import forged_bodies, post


def test_rel030_a_stopped_database_answers_503_with_retry_after_then_recovers(
    config: Config, throwaway_pg: ThrowawayPostgres
) -> None:
    app: Dash = create_app(replace(config, database_url=throwaway_pg.url, session_recheck_s=0.0))
    try:
        rt = app.server.extensions["headsup"]
        token = create_token(rt.store.engine, "feed", ["test"])
        api = {"Authorization": f"Bearer {token}"}
        client = client_as(app, "admin")
        bodies = forged_bodies(app, "op-fashion")
        tick = bodies["ops-map.figure|ops-tick.n_intervals"]
        assert post(client, tick).status_code == 200
        throwaway_pg.stop()
        try:
            answers = {name: post(client, body) for name, body in bodies.items()}
            answers["page /"] = client.get("/")
            answers["GET /api/v1/incidents"] = client.get("/api/v1/incidents", headers=api)
            answers["POST /api/v1/events"] = client.post(
                "/api/v1/events", json=GOOD_EVENT, headers=api
            )
        finally:
            throwaway_pg.start()
        statuses = {name: r.status_code for name, r in answers.items()}
        assert 500 not in statuses.values(), statuses
        assert statuses["ops-map.figure|ops-tick.n_intervals"] == 503
        assert statuses["POST /api/v1/events"] == 503
        for name, response in answers.items():
            if response.status_code == 503:
                assert response.headers["Retry-After"] == "5", name
        # Back without a restart: the pool's pre-ping replaces the dead connections.
        assert post(client, tick).status_code == 200
        assert client.post("/api/v1/events", json=GOOD_EVENT, headers=api).status_code == 200
    finally:
        rt.stop()


def test_rel031_the_rate_limiter_sets_retry_after_only_on_its_own_429(make) -> None:
    api = make(api_rate_limit="2/minute")
    first = api.get("/incidents")
    assert first.status_code == 200
    assert "Retry-After" not in first.headers
    assert first.headers["X-RateLimit-Limit"] == "2"
    api.get("/incidents")
    limited = api.get("/incidents")
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 61

"""API fixtures: an app on a fresh database, a test client, tokens, and the error-shape check."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from dashboard.api.replies import ErrorReply
from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.runtime import Runtime
from dashboard.store.tokens import create_token

_apps = itertools.count(1)
WRITER_SOURCES = ["lapd-cad", "test", "KSTO@NWS.NOAA.GOV", "trinet@caltech.edu"]


@dataclass
class Api:
    """A running app, its client and two tokens: a scoped writer and an admin."""

    app: Dash
    client: FlaskClient
    writer: str
    admin: str
    writer_name: str

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.app.server.extensions["headsup"]

    def auth(self, token: str | None = None) -> dict[str, str]:
        """Return an Authorization header (the writer's token by default)."""
        return {"Authorization": f"Bearer {token or self.writer}"}

    def post(self, path: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        """POST under /api/v1 with a token."""
        headers = {**self.auth(token), **kwargs.pop("headers", {})}
        return self.client.post(f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, anonymous: bool = False, **kwargs: Any) -> TestResponse:
        """GET under /api/v1, with the writer's token (reads need a token or a session)."""
        headers = {} if anonymous else self.auth()
        headers.update(kwargs.pop("headers", {}))
        return self.client.get(f"/api/v1{path}", headers=headers, **kwargs)


def make_api(config: Config) -> Api:
    """Create an app, its client and tokens on the config's database."""
    app = create_app(config)
    engine = app.server.extensions["headsup"].store.engine
    # Apps may share a database, so each one names its own tokens.
    n = next(_apps)
    writer = create_token(engine, f"writer-{n}", WRITER_SOURCES)
    admin = create_token(engine, f"admin-{n}", [], admin=True)
    return Api(app, app.server.test_client(), writer, admin, f"writer-{n}")


@pytest.fixture
def api_config(config: Config) -> Config:
    """Return a test config with no demo data and a rate limit the tests do not reach."""
    return replace(config, demo=False, api_rate_limit="100000/minute")


@pytest.fixture
def make(api_config: Config) -> Iterator[Callable[..., Api]]:
    """Return a factory of apps with config overrides; stops each app afterwards."""
    made: list[Api] = []

    def factory(**overrides: Any) -> Api:
        api = make_api(replace(api_config, **overrides))
        made.append(api)
        return api

    yield factory
    for api in made:
        api.runtime.stop()


@pytest.fixture
def api(make: Callable[..., Api]) -> Api:
    """Return an app with the demo cities and agencies but no events."""
    return make()


def assert_error(response: TestResponse, status: int, code: str | None = None) -> dict:
    """Check a response is the one error shape with this status (and code); return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    ErrorReply.model_validate(body)
    assert body["status"] == status and body["ok"] is False
    assert body["message"]
    if code is not None:
        assert body["error"] == code, body
    return body


def paths(body: dict) -> list[str]:
    """Return the paths of an error body's problems."""
    return [e["path"] for e in body["errors"]]

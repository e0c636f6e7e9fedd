"""Shared fixtures: temporary stores on SQLite and the real PostgreSQL, Redis, and apps."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash

from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.factory import create_app
from dashboard.store import Store
from tests.databases import throwaway_postgres

REDIS_TEST_URL = os.environ.get("HEADSUP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def service_missing(what: str, host: str, port: int) -> None:
    """Fail in CI, skip on a developer machine, when a service the test needs is down."""
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        message = f"{what} is not reachable on {host}:{port}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI must start it)")
        pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'headsup.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """Create a throwaway PostgreSQL database on the real server, drop it afterwards."""
    service_missing("PostgreSQL", "127.0.0.1", 5432)
    with throwaway_postgres("headsup_test") as url:
        yield url


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Return a Redis URL on the real server, with its test database emptied around use."""
    service_missing("Redis", "127.0.0.1", 6379)
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield REDIS_TEST_URL
    client.flushdb()
    client.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on SQLite and once on the real PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """Return a migrated store with the demo cities and agencies, and no events."""
    opened = Store.open(database_url)
    seed_reference_data(opened)
    yield opened
    opened.close()


@pytest.fixture
def config(sqlite_url: str, tmp_path: Path) -> Config:
    """Return a test config on a fresh SQLite file with the demo scenario and no feed."""
    return Config(
        database_url=sqlite_url,
        testing=True,
        demo=True,
        refresh_ms=500,
        instance_dir=str(tmp_path / "instance"),
    )


@pytest.fixture
def app(config: Config) -> Iterator[Dash]:
    """Build the app on the test config (security fully on: `testing` bypasses nothing)."""
    built = create_app(config)
    yield built
    built.server.extensions["headsup"].stop()

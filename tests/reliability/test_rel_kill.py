"""kill -9 of a real server mid-stream: every acknowledged event is there once after a restart."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import requests

from dashboard.store import Store
from tests.reliability.ledger import (
    Key,
    assert_each_once,
    assert_feed_lists_each_once,
    assert_projection_equals_rebuild,
    feed,
    incident_batch,
    keys_of,
)
from tests.reliability.servers import ServerProcess, prepared_store, server_env

SOURCE = "kill-feed"
# The kill lands after this many acknowledged batches, while the sender is still posting.
BATCHES_BEFORE_KILL = 25
GUARD_S = 120.0


class Sender(threading.Thread):
    """A feed client posting batches back to back until the server stops answering."""

    def __init__(self, url: str, token: str, first: int = 0) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.n = url, token, first
        self.acknowledged: list[Key] = []
        self.unsure: list[list[dict[str, Any]]] = []  # sent, no answer: resend later
        self.refused: list[str] = []
        self.batches = 0
        self.progress = threading.Condition()
        self.done = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        while not self.done.is_set():
            batch = incident_batch(SOURCE, self.n) + incident_batch(SOURCE, self.n + 1)
            try:
                answer = session.post(
                    f"{self.url}/api/v1/events", json={"events": batch}, headers=headers,
                    timeout=GUARD_S,
                )  # fmt: skip
            except requests.RequestException:
                self.unsure.append(batch)
                break
            if answer.status_code != 200:
                self.refused.append(f"{answer.status_code} {answer.text[:200]}")
                break
            with self.progress:
                self.acknowledged.extend(keys_of(batch))
                self.batches += 1
                self.progress.notify_all()
            self.n += 2
        session.close()
        with self.progress:
            self.progress.notify_all()

    def wait_for(self, batches: int) -> None:
        """Block until `batches` were acknowledged (or the sender stopped)."""
        with self.progress:
            ok = self.progress.wait_for(
                lambda: self.batches >= batches or not self.is_alive(), timeout=GUARD_S
            )
        assert ok and self.batches >= batches, self.refused


def resend(server: ServerProcess, token: str, batch: list[dict[str, Any]]) -> list[Key]:
    """Resend a batch whose outcome is unknown; return its keys once acknowledged."""
    answer = requests.post(
        f"{server.url}/api/v1/events", json={"events": batch},
        headers={"Authorization": f"Bearer {token}"}, timeout=GUARD_S,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]
    body = answer.json()
    assert body["accepted"] + body["duplicates"] == len(batch)
    return keys_of(batch)


def assert_pictures_current(server: ServerProcess, token: str, latest: int) -> None:
    """Check every worker's picture reached the log's latest seq (asked a few times)."""
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(2 * server.workers):
        answer = requests.get(f"{server.url}/api/v1/incidents", headers=headers, timeout=GUARD_S)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.json()["seq"] == latest


def kill_and_restart(server: ServerProcess, database_url: str, token: str) -> None:
    """Stream into the server, SIGKILL it mid-stream, restart, resend, then check the store."""
    sender = Sender(server.url, token)
    sender.start()
    sender.wait_for(BATCHES_BEFORE_KILL)
    server.kill()
    sender.join(GUARD_S)
    assert not sender.refused, sender.refused
    acknowledged = list(sender.acknowledged)
    server.start()
    try:
        for batch in sender.unsure:
            acknowledged += resend(server, token, batch)
        after = Sender(server.url, token, first=sender.n + 2)
        after.start()
        after.wait_for(3)
        after.done.set()
        after.join(GUARD_S)
        assert not after.refused, after.refused
        acknowledged += after.acknowledged
        store = Store.open(database_url, migrate=False)
        try:
            stored = assert_each_once(store.engine, acknowledged)
            assert_feed_lists_each_once(feed(server.url, token), stored)
            assert_pictures_current(server, token, store.latest_seq())
            server.stop()
            assert assert_projection_equals_rebuild(store.engine) == sum(stored.values())
        finally:
            store.close()
    finally:
        server.stop()


def test_rel100_kill_9_of_the_built_in_server_on_sqlite_loses_no_acknowledged_event(
    sqlite_url: str, tmp_path: Path
) -> None:
    token = prepared_store(sqlite_url, [SOURCE])
    server = ServerProcess("app", server_env(sqlite_url, tmp_path), tmp_path / "server.log")
    kill_and_restart(server.start(), sqlite_url, token)


@pytest.mark.postgres
@pytest.mark.redis
def test_rel101_kill_9_of_gunicorn_on_postgres_and_redis_loses_no_acknowledged_event(
    pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    token = prepared_store(pg_url, [SOURCE], redis_url)
    env = server_env(pg_url, tmp_path, redis_url)
    server = ServerProcess("gunicorn", env, tmp_path / "server.log", workers=2)
    kill_and_restart(server.start(), pg_url, token)

"""The database is the truth for the seq: a Redis value ahead of it cannot freeze the picture."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from dashboard.demo.feed import seed_reference_data
from dashboard.live import RedisNotices
from dashboard.read.picture import Picture
from dashboard.store import Store
from tests.factories import reported

pytestmark = pytest.mark.redis


@pytest.fixture
def shared_store(database_url: str, redis_url: str) -> Iterator[Store]:
    """Return a store whose notices go through the real Redis."""
    opened = Store.open(database_url, redis_url)
    seed_reference_data(opened)
    yield opened
    opened.close()


def test_rel040_a_redis_seq_ahead_of_the_database_is_reset_and_the_picture_moves(
    shared_store: Store, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    notices = shared_store.notices
    assert isinstance(notices, RedisNotices)
    first = shared_store.append([reported("inc-a")]).last_seq
    picture = Picture(shared_store)
    assert picture.sync() == first
    # A restored database, or another deployment's value: far ahead of this log.
    client = redis.Redis.from_url(redis_url)
    client.set(notices.seq_key, first + 10_000)
    with caplog.at_level(logging.WARNING, logger="dashboard.live"):
        assert picture.sync() == first
        second = shared_store.append([reported("inc-b")]).last_seq
        assert picture.sync() == second
        third = shared_store.append([reported("inc-c")]).last_seq
        assert picture.sync() == third
    assert set(picture.incidents["id"]) == {"inc-a", "inc-b", "inc-c"}
    assert int(client.get(notices.seq_key)) == third
    assert len([r for r in caplog.records if "resetting" in r.getMessage()]) == 1
    client.close()


def test_rel041_two_databases_on_one_redis_keep_their_own_seq(
    tmp_path: Path, redis_url: str
) -> None:
    stores = [Store.open(f"sqlite:///{tmp_path / name}.db", redis_url) for name in "ab"]
    try:
        for store in stores:
            seed_reference_data(store)
        a, b = stores
        assert a.notices.seq_key != b.notices.seq_key  # type: ignore[union-attr]
        for n in range(5):
            a.append([reported(f"inc-{n}")])
        b_seq = b.append([reported("inc-only")]).last_seq
        picture = Picture(b)
        assert picture.sync() == b_seq == b.latest_seq()
        assert list(picture.incidents["id"]) == ["inc-only"]
    finally:
        for store in stores:
            store.close()

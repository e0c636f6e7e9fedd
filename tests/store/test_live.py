"""Change notices: in-process, and through the real Redis between two processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dashboard.live import LocalNotices, RedisNotices

ROOT = Path(__file__).resolve().parents[2]


def test_liv001_local_notices_keep_the_max_and_recheck_the_database() -> None:
    database_seq = [5]
    notices = LocalNotices(lambda: database_seq[0], recheck_s=0)
    assert notices.latest_seq() == 5
    notices.publish(9)
    notices.publish(7)
    assert notices.latest_seq() == 9
    database_seq[0] = 12  # another process wrote
    assert notices.latest_seq() == 12


def test_liv002_local_notices_do_not_query_between_rechecks() -> None:
    calls = []
    notices = LocalNotices(lambda: calls.append(1) or 3, recheck_s=3600)
    for _ in range(100):
        notices.latest_seq()
    assert len(calls) == 1


@pytest.mark.redis
def test_liv003_seq_published_in_one_process_is_read_in_another(redis_url: str) -> None:
    script = textwrap.dedent(f"""
        from dashboard.live import RedisNotices
        RedisNotices({redis_url!r}, lambda: 0).publish(41)
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=30)
    reader = RedisNotices(redis_url, lambda: 0)
    assert reader.latest_seq() == 41
    reader.publish(40)  # an older publish never lowers the shared seq
    assert reader.latest_seq() == 41


@pytest.mark.redis
def test_liv004_publish_wakes_a_subscriber_in_another_process(redis_url: str) -> None:
    import redis

    from dashboard.live import CHANNEL

    client = redis.Redis.from_url(redis_url)
    pubsub = client.pubsub()
    pubsub.subscribe(CHANNEL)
    assert pubsub.get_message(timeout=2)["type"] == "subscribe"
    script = (
        "from dashboard.live import RedisNotices; "
        f"RedisNotices({redis_url!r}, lambda: 0).publish(77)"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=30)
    message = pubsub.get_message(timeout=5)
    assert message is not None and int(message["data"]) == 77
    pubsub.close()


def test_liv005_redis_down_falls_back_to_the_database() -> None:
    notices = RedisNotices("redis://127.0.0.1:1/0", lambda: 17)  # nothing listens on port 1
    notices.publish(18)  # must not raise
    assert notices.latest_seq() == 18

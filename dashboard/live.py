"""Change notices: the latest seq, in-process by default or shared through Redis."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

SEQ_KEY = "headsup:seq"
CHANNEL = "headsup:changes"
# Keeps the stored seq the maximum ever published, whatever order processes publish in.
_MAX_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return redis.call('GET', KEYS[1])
"""
# Lowers the stored seq to the database's, unless another process moved it meanwhile.
_RESET_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
return redis.call('GET', KEYS[1])
"""


def keys_for(namespace: str) -> tuple[str, str]:
    """Return the seq key and the change channel of one database ('' : the unnamed one)."""
    if not namespace:
        return SEQ_KEY, CHANNEL
    return f"headsup:{namespace}:seq", f"headsup:{namespace}:changes"


class LocalNotices:
    """Latest seq kept in this process, re-read from the database every `recheck_s`.

    The periodic re-read catches writers in other processes (the CLI importer, another
    worker) when there is no Redis to tell us about them.
    """

    def __init__(self, read_seq: Callable[[], int], recheck_s: float = 2.0) -> None:
        self._read_seq = read_seq
        self._recheck_s = recheck_s
        self._seq = 0
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def publish(self, seq: int) -> None:
        """Record that the log has reached `seq`."""
        with self._lock:
            self._seq = max(self._seq, seq)

    def reset(self, seen: int, truth: int) -> None:
        """Lower a seq found ahead of the database (restored from a backup) to the truth."""
        with self._lock:
            if self._seq == seen:
                self._seq = truth

    def latest_seq(self) -> int:
        """Return the newest seq known, re-reading the database when the memo is old."""
        now = time.monotonic()
        if now - self._checked >= self._recheck_s:
            seq = self._read_seq()
            with self._lock:
                self._seq = max(self._seq, seq)
                self._checked = now
        return self._seq


class RedisNotices:
    """Latest seq shared between processes through Redis; the database stays the truth.

    Keys are namespaced by the database's identity, so deployments sharing one Redis do
    not mix their seqs; a value found ahead of the database is reset (see `reset`).
    """

    def __init__(self, url: str, read_seq: Callable[[], int], namespace: str = "") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._max = self._redis.register_script(_MAX_SCRIPT)
        self._reset = self._redis.register_script(_RESET_SCRIPT)
        self._fallback = LocalNotices(read_seq, recheck_s=1.0)
        self.seq_key, self.channel = keys_for(namespace)
        self._warned = False

    def publish(self, seq: int) -> None:
        """Raise the shared seq and tell subscribers; a Redis outage only costs latency."""
        self._fallback.publish(seq)
        try:
            self._max(keys=[self.seq_key], args=[seq])
            self._redis.publish(self.channel, seq)
        except Exception as exc:  # Redis is a hint: polling the database still works.
            log.warning("redis publish failed, falling back to polling: %s", exc)

    def latest_seq(self) -> int:
        """Return the shared seq, or the database's when Redis cannot be reached."""
        try:
            value = self._redis.get(self.seq_key)
        except Exception as exc:
            log.warning("redis read failed, polling the database: %s", exc)
            return self._fallback.latest_seq()
        if value is None:
            seq = self._fallback.latest_seq()
            self.publish(seq)
            return seq
        return max(int(value), self._fallback_seq_if_fresh())

    def _fallback_seq_if_fresh(self) -> int:
        return self._fallback._seq

    def reset(self, seen: int, truth: int) -> None:
        """Lower a shared seq found ahead of the database to the database's, warning once."""
        if not self._warned:
            log.warning(
                "redis %s says seq %d but the database ends at %d (restored database, or "
                "another deployment on this Redis?): resetting it to the database's",
                self.seq_key,
                seen,
                truth,
            )
            self._warned = True
        self._fallback.reset(seen, truth)
        try:
            self._reset(keys=[self.seq_key], args=[seen, truth])
        except Exception as exc:  # Redis is a hint: the picture caps the seq itself.
            log.warning("redis reset failed: %s", exc)


def make_notices(
    redis_url: str, read_seq: Callable[[], int], namespace: str = ""
) -> LocalNotices | RedisNotices:
    """Choose Redis notices when a URL is configured, in-process ones otherwise."""
    return RedisNotices(redis_url, read_seq, namespace) if redis_url else LocalNotices(read_seq)

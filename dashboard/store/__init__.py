"""The event store: one object that appends events, publishes notices and answers reads."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from dashboard.ingest.models import Event
from dashboard.live import make_notices
from dashboard.reference.resolve import LocalitySource
from dashboard.store import queries
from dashboard.store.append import AppendResult, EventProblem, EventsRejected, append_events
from dashboard.store.engine import StoreUnavailable, check_reachable, make_engine
from dashboard.store.health import WriteProbe
from dashboard.store.migrate import upgrade

__all__ = ["AppendResult", "EventProblem", "EventsRejected", "Store", "StoreUnavailable"]


class Store:
    """An engine plus the change notices that follow its writes."""

    def __init__(self, engine: Engine, redis_url: str = "") -> None:
        self.engine = engine
        self.notices = make_notices(redis_url, self._read_latest_seq, database_identity(engine))
        self.write_probe = WriteProbe(engine)
        # Set by the app to its reference snapshot; without it an append reads the
        # jurisdictions itself when an event's city must be looked up.
        self.locality: LocalitySource | None = None

    @classmethod
    def open(cls, url: str, redis_url: str = "", migrate: bool = True) -> Store:
        """Open (and migrate) the database, failing with a one-line StoreUnavailable."""
        engine = make_engine(url)
        check_reachable(engine, url)
        if migrate:
            upgrade(engine)
        return cls(engine, redis_url)

    def append(self, batch: Sequence[Event], received_at: datetime | None = None) -> AppendResult:
        """Append a batch all or nothing, then tell every listener the new seq."""
        return self._append(batch, received_at, None)

    def _append(
        self,
        batch: Sequence[Event],
        received_at: datetime | None,
        received_times: Sequence[datetime] | None,
    ) -> AppendResult:
        try:
            result = append_events(self.engine, batch, received_at, self.locality, received_times)
        except OperationalError as exc:  # e.g. a full disk: health says so at once
            self.write_probe.failed(str(exc.orig or exc).strip().splitlines()[0])
            raise
        if result.accepted:
            self.notices.publish(result.last_seq)
        return result

    def seed_received(
        self, batch: Sequence[Event], received_times: Sequence[datetime]
    ) -> AppendResult:
        """Append trusted seed or backfill events with the receive time each really had.

        Never reachable from the HTTP API. The times must not go backwards, nor precede
        the newest stored one, so that seq order stays receive order.
        """
        times = list(received_times)
        if len(times) != len(batch):
            raise ValueError("one receive time per event")
        if any(later < earlier for earlier, later in pairwise(times)):
            raise ValueError("seed events must be given in the order they were received")
        with self.engine.connect() as conn:
            _seq, newest = queries.latest_arrival(conn)
        if times and newest is not None and times[0] < newest:
            raise ValueError("seed events cannot be received before events already stored")
        return self._append(batch, None, times)

    def latest_seq(self) -> int:
        """Return the newest seq: a cached integer, not a query, on the hot path."""
        return self.notices.latest_seq()

    def _read_latest_seq(self) -> int:
        with self.engine.connect() as conn:
            return queries.latest_seq(conn)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()


def database_identity(engine: Engine) -> str:
    """Name the database (URL without password) in a short hash, to namespace Redis keys."""
    where = engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(where.encode()).hexdigest()[:16]

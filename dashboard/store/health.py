"""Whether the database takes writes: a cheap write probe, its answer kept a few seconds.

A database can answer reads while every write fails (SQLite on a full disk): health must
say so. The probe writes and deletes a row of a few pages in one committed transaction,
so it needs new pages, or journal space, like a real append; a real write that fails
marks the database not writable at once, until a probe succeeds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import SQLAlchemyError

from dashboard.store.engine import write_transaction
from dashboard.store.schema import health_probe

PROBE_EVERY_S = 5.0
PROBE_BYTES = 16_384  # a few pages: more than a freed page or two can hold


@dataclass
class WriteProbe:
    """The last answer to "does the database take writes?", and when it was found."""

    engine: Engine
    every_s: float = PROBE_EVERY_S
    _answer: tuple[float, str | None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def problem(self) -> str | None:
        """Return why writes fail now (None when they succeed), probing at most every few s."""
        now = time.monotonic()
        with self._lock:
            if self._answer is not None and now - self._answer[0] < self.every_s:
                return self._answer[1]
        found = probe(self.engine)
        with self._lock:
            self._answer = (time.monotonic(), found)
        return found

    def failed(self, reason: str) -> None:
        """Record that a real write failed: not writable until the next probe says so."""
        with self._lock:
            self._answer = (time.monotonic(), reason)


def probe(engine: Engine) -> str | None:
    """Write and delete a probe row in one committed transaction; return why it failed."""
    try:
        with write_transaction(engine) as conn:
            conn.execute(insert(health_probe).values(id=1, filler="x" * PROBE_BYTES))
            conn.execute(delete(health_probe))
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        return str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__
    return None

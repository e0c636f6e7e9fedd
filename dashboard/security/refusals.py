"""Refusal audits, coalesced: at most one row per (actor, reason, client) per window.

For strangers the reason is only the status, so it is one row per address and minute.

Every refused request used to take the single writer lock for its own audit row, so a
flood of anonymous refusals became a queue of serialised writes. Now the first refusal
of a key is written at once and later ones within the window are only counted; the next
row written for that key carries the count of those it stands for.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

WINDOW_S = 60.0
MAX_KEYS = 10_000


@dataclass
class Refusals:
    """In-process counters of refusals per key; thread-safe, bounded in size."""

    window_s: float = WINDOW_S
    _seen: dict[tuple[str, str, str], tuple[float, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, key: tuple[str, str, str], now: float | None = None) -> int | None:
        """Count a refusal; return how many it stands for if a row is due now, else None."""
        now = time.monotonic() if now is None else now
        with self._lock:
            since, held = self._seen.get(key, (float("-inf"), 0))
            if now - since < self.window_s:
                self._seen[key] = (since, held + 1)
                return None
            if len(self._seen) >= MAX_KEYS:
                self._seen.clear()  # a flood of distinct keys: forget, the next rows say so
            self._seen[key] = (now, 0)
            return held + 1

    def held(self, key: tuple[str, str, str]) -> int:
        """Return how many refusals of a key are counted but not yet written."""
        with self._lock:
            return self._seen.get(key, (0.0, 0))[1]

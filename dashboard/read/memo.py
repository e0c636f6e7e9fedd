"""A small in-process memo of derived read models, keyed by name and version.

Values are kept as they are, never serialised: a hit is a dict lookup. That is why
they are not shared between processes (see the README, "Caching"): every value here is
derived from the process's own picture, and turning a DataFrame into JSON and back
costs more than computing it again. Callers must treat what they get as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 512


class Memo:
    """Keeps the newest value per name; a different version replaces it."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[str, tuple[Hashable, Any]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, name: str, version: Hashable, compute: Callable[[], T]) -> T:
        """Return the value of `name` at `version`, computing it on a miss."""
        with self._lock:
            found = self._entries.get(name)
            if found is not None and found[0] == version:
                self._entries.move_to_end(name)
                return found[1]
        # Computed outside the lock: two threads may both compute; both answers are right.
        value = compute()
        self.put(name, version, value)
        return value

    def put(self, name: str, version: Hashable, value: Any) -> None:
        """Store the value of `name` at `version`, dropping the least recently used."""
        with self._lock:
            self._entries[name] = (version, value)
            self._entries.move_to_end(name)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def latest(self, name: str) -> tuple[Hashable, Any] | None:
        """Return the newest (version, value) stored under `name`, or None."""
        with self._lock:
            return self._entries.get(name)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

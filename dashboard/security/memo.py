"""Recently checked sessions, so a live tick costs no SQL.

A process trusts a session it checked less than `HEADSUP_SESSION_RECHECK_S` ago. Changes
made in this process (sign-out, disable, role change, kiosk revocation) forget every
entry at once; changes made by another process (the CLI, another worker) reach the
session within that many seconds, the same bound the live seq polling has.
"""

from __future__ import annotations

import threading
import time

from dashboard.security.roles import Identity

MAX_ENTRIES = 10_000


class SessionMemo:
    """Identities by session-token hash, each with the time it was checked."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Identity]] = {}
        self._lock = threading.Lock()

    def get(self, sid: str, max_age_s: float) -> Identity | None:
        """Return the identity checked less than `max_age_s` ago, else None."""
        entry = self._entries.get(sid)
        if entry is None or time.monotonic() - entry[0] >= max_age_s:
            return None
        return entry[1]

    def put(self, sid: str, identity: Identity) -> None:
        """Remember a session just checked against the database."""
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()  # cheap bound; the next requests re-check
            self._entries[sid] = (time.monotonic(), identity)

    def forget_all(self) -> None:
        """Drop every entry: a security change must apply to the next request."""
        with self._lock:
            self._entries.clear()


MEMO = SessionMemo()

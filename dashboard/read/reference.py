"""Reference data (agencies, cities, memberships) as one immutable snapshot per version.

Every view reads the same snapshot object: no copy, no serialisation, no query on a
hit. The version is a sha256 of the rows, so it is the same in every process and can
key caches. The rows are re-read at most every `recheck_s` seconds (three small
selects), and at once after a write through this process; a new snapshot is built
only when the digest moved.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, select

from dashboard.read.reference_history import changes_after, rows_as_of
from dashboard.reference.locality import Locality
from dashboard.store.schema import agencies, jurisdiction_agencies, jurisdictions

AGENCY_COLUMNS = [c.name for c in agencies.columns]
CITY_COLUMNS = [c.name for c in jurisdictions.columns]
MEMBER_COLUMNS = [c.name for c in jurisdiction_agencies.columns]
RECHECK_S = 5.0
# Past versions kept built: playback frames step through a few at most.
PAST_KEPT = 8

Rows = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Reference:
    """One version of the reference data, with the lookups the views need."""

    version: str
    members_version: str
    agencies: pd.DataFrame
    jurisdictions: pd.DataFrame
    members: pd.DataFrame
    agency_names: Mapping[str, str]
    city_names: Mapping[str, str]
    city_tz: Mapping[str, str]
    local_agency_ids: frozenset[str]
    members_by_city: Mapping[str, tuple[str, ...]]
    locality: Locality


def digest(rows: Any) -> str:
    """Return a short sha256 of rows, stable across processes (unlike `hash()`)."""
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def read_rows(conn: Connection) -> tuple[Rows, Rows, Rows]:
    """Read the three reference tables as plain tuples, in a stable order."""
    agency_rows = conn.execute(select(agencies).order_by(agencies.c.id)).all()
    city_rows = conn.execute(select(jurisdictions).order_by(jurisdictions.c.id)).all()
    member_rows = conn.execute(
        select(jurisdiction_agencies).order_by(
            jurisdiction_agencies.c.jurisdiction_id, jurisdiction_agencies.c.agency_id
        )
    ).all()
    return (
        tuple(map(tuple, agency_rows)),
        tuple(map(tuple, city_rows)),
        tuple(map(tuple, member_rows)),
    )


def build(rows: tuple[Rows, Rows, Rows]) -> Reference:
    """Build the snapshot of one set of rows."""
    agency_rows, city_rows, member_rows = rows
    agency_df = pd.DataFrame(list(agency_rows), columns=AGENCY_COLUMNS)
    agency_df = agency_df.sort_values(["jurisdiction_id", "id"], na_position="first")
    city_df = pd.DataFrame(list(city_rows), columns=CITY_COLUMNS).sort_values("name")
    member_df = pd.DataFrame(list(member_rows), columns=MEMBER_COLUMNS)
    member_df["added_at"] = pd.to_datetime(member_df["added_at"], utc=True)
    by_city: dict[str, list[str]] = {}
    for city, agency in zip(member_df["jurisdiction_id"], member_df["agency_id"], strict=True):
        by_city.setdefault(city, []).append(agency)
    boundaries = [(r[0], r[CITY_COLUMNS.index("boundary")]) for r in city_rows]
    return Reference(
        version=digest(rows),
        # What decides an incident's local agencies: memberships and boundaries.
        members_version=digest([[row[:2] for row in member_rows], boundaries]),
        agencies=agency_df.reset_index(drop=True),
        jurisdictions=city_df.reset_index(drop=True),
        members=member_df,
        agency_names=MappingProxyType(dict(zip(agency_df["id"], agency_df["name"], strict=True))),
        city_names=MappingProxyType(dict(zip(city_df["id"], city_df["name"], strict=True))),
        city_tz=MappingProxyType(dict(zip(city_df["id"], city_df["tz"], strict=True))),
        local_agency_ids=frozenset(agency_df.loc[agency_df["local"].astype(bool), "id"]),
        members_by_city=MappingProxyType({c: tuple(a) for c, a in by_city.items()}),
        locality=Locality(
            zip(city_df["id"], city_df["name"], city_df["kind"], city_df["boundary"], strict=True)
        ),
    )


class References:
    """Hands out the current snapshot, re-reading the tables at most every `recheck_s`."""

    def __init__(self, engine: Engine, recheck_s: float = RECHECK_S) -> None:
        self._engine = engine
        self._recheck_s = recheck_s
        self._checked = float("-inf")
        self._current: Reference | None = None
        self._lock = threading.Lock()
        self._past: OrderedDict[tuple[str, int], Reference] = OrderedDict()

    def current(self) -> Reference:
        """Return the snapshot in force: an attribute read unless a recheck is due."""
        current = self._current
        if current is not None and time.monotonic() - self._checked < self._recheck_s:
            return current
        with self._lock:
            if self._current is None or time.monotonic() - self._checked >= self._recheck_s:
                self._refresh()
        assert self._current is not None
        return self._current

    def as_of(self, at: datetime) -> Reference:
        """Return the reference as it stood at `at` (read/reference_history.py).

        The current one when nothing changed since; otherwise one build per version, so
        playback frames between the same two changes share one snapshot and STRtree.
        """
        current = self.current()
        with self._engine.connect() as conn:
            undone = changes_after(conn, at)
            if undone == 0:
                return current
            key = (current.version, undone)
            with self._lock:
                found = self._past.get(key)
            if found is None:
                found = build(rows_as_of(conn, read_rows(conn), at))
        with self._lock:
            self._past[key] = found
            self._past.move_to_end(key)
            while len(self._past) > PAST_KEPT:
                self._past.popitem(last=False)
        return found

    def locality(self, fresh: bool = False) -> Locality:
        """Return the locality in force; `fresh` rereads the tables first (another writer)."""
        if fresh:
            self.changed()
        return self.current().locality

    def changed(self) -> None:
        """Say this process wrote reference data: the next read rechecks at once."""
        self._checked = float("-inf")

    def _refresh(self) -> None:
        with self._engine.connect() as conn:
            rows = read_rows(conn)
        if self._current is None or self._current.version != digest(rows):
            self._current = build(rows)
        self._checked = time.monotonic()

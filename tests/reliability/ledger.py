"""What a fault left behind: events stored once, the feed, the projection against a rebuild."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import Engine, func, select

from dashboard.store.projection import rebuild
from dashboard.store.schema import PROJECTION_TABLES, events

# Bounded by pages, not time: the feed's page is at most 1000 events.
FEED_PAGE = 1000
T0 = datetime(2026, 6, 6, 12, 0, tzinfo=UTC)
Key = tuple[str, str]


def projection_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Return every projection table's rows, ordered by primary key."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in PROJECTION_TABLES
        }


def assert_projection_equals_rebuild(engine: Engine) -> int:
    """Rebuild the projection from the log and check nothing changed; return events replayed."""
    before = projection_rows(engine)
    replayed = rebuild(engine)
    after = projection_rows(engine)
    for name, rows in before.items():
        assert rows == after[name], f"{name} differs from its rebuild"
    return replayed


def stored_counts(engine: Engine, source_prefix: str = "") -> Counter[Key]:
    """Return how many times each (source, event_id) is in the log."""
    query = select(events.c.source, events.c.event_id, func.count()).group_by(
        events.c.source, events.c.event_id
    )
    if source_prefix:
        query = query.where(events.c.source.startswith(source_prefix))
    with engine.connect() as conn:
        return Counter({(s, e): n for s, e, n in conn.execute(query)})


def assert_each_once(engine: Engine, acknowledged: Iterable[Key]) -> Counter[Key]:
    """Check every acknowledged event is stored exactly once; return the stored counts."""
    counts = stored_counts(engine)
    wanted = set(acknowledged)
    missing = [k for k in wanted if counts[k] == 0]
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {missing[:3]}"
    assert all(n == 1 for n in counts.values())
    return counts


def feed(base_url: str, token: str, guard_pages: int = 10_000) -> list[dict[str, Any]]:
    """Read the whole `/api/v1/events` feed after seq 0, page by page."""
    found: list[dict[str, Any]] = []
    after = 0
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(guard_pages):
        page = requests.get(
            f"{base_url}/api/v1/events",
            params={"after": after, "limit": FEED_PAGE},
            headers=headers,
            timeout=30,
        )
        assert page.status_code == 200, page.text[:300]
        body = page.json()
        found.extend(body["events"])
        if not body["has_more"]:
            return found
        after = body["next"]
    raise AssertionError("the feed never ended")


def assert_feed_lists_each_once(feed_events: list[dict[str, Any]], stored: Counter[Key]) -> None:
    """Check the feed has every stored event once, in strictly increasing seq order."""
    seqs = [e["seq"] for e in feed_events]
    assert all(a < b for a, b in itertools.pairwise(seqs)), "feed seqs not strictly increasing"
    keys = Counter((e["source"], e["event_id"]) for e in feed_events)
    assert keys == stored


def incident_batch(source: str, n: int, agency: str = "lapd") -> list[dict[str, Any]]:
    """Return a batch that reports incident n, updates it and records two steps on it."""
    when = T0 + timedelta(seconds=n)
    incident_id = f"{source}-{n}"

    def event(suffix: str, kind: str, minutes: int, **extra: Any) -> dict[str, Any]:
        return {
            "source": source,
            "event_id": f"{incident_id}-{suffix}",
            "type": kind,
            "occurred_at": (when + timedelta(minutes=minutes)).isoformat(),
            "incident_id": incident_id,
            **extra,
        }

    report = {
        "kind": ("operation", "staging", "protest")[n % 3],
        "title": f"Incident {n}",
        "lat": 34.0 + (n % 50) / 100,
        "lon": -118.25,
        "city": "los-angeles",
        "started_at": when.isoformat(),
    }
    return [
        event("r", "incident.reported", 0, incident=report),
        event("u", "incident.updated", 3, incident={"crowd_size": n % 500}),
        event("n", "notification.sent", 1, agency=agency, data={"channel": "phone"}),
        # Earlier than the update: arrives late in the incident's own order.
        event("a", "notification.acknowledged", 2, agency=agency),
    ]


def keys_of(batch: Iterable[dict[str, Any]]) -> list[Key]:
    """Return the (source, event_id) of each event of a batch."""
    return [(e["source"], e["event_id"]) for e in batch]

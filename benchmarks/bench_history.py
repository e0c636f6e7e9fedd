"""History: the picture at a past time, rebuilt from the log, against a naive replay.

The naive baseline replays the same events the way the append path meets them: into
SQL tables (an in-memory SQLite), one event at a time, refolding its incident at every
incident event. `picture_at` runs the same rules into dicts and folds each incident once
(read/history.py).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import NullPool, create_engine, insert

from benchmarks.common import size
from benchmarks.report import save
from dashboard.demo.feed import seed_reference_data
from dashboard.ingest.models import Event
from dashboard.read.history import history_events, picture_at
from dashboard.store import Store
from dashboard.store.projection import project
from dashboard.store.schema import (
    events,
    incidents,
    metadata,
    retracted_events,
    step_claims,
    superseded_events,
)

INCIDENTS = size(2000, 100)
REPEATS = size(5, 1)
T0 = datetime(2026, 6, 6, 12, 0, tzinfo=UTC)
STEPS = ("notification.sent", "notification.acknowledged", "assistance.requested")


def log(n: int) -> list[Event]:
    """Return n incidents over a day, each reported, updated once and with three steps."""
    found: list[Event] = []
    for i in range(n):
        start = T0 + timedelta(seconds=i * 86400 / n)
        found.append(
            Event.model_validate(
                {
                    "source": "bench",
                    "event_id": f"r{i}",
                    "type": "incident.reported",
                    "occurred_at": start,
                    "incident_id": f"inc-{i}",
                    "incident": {
                        "kind": "protest",
                        "title": f"Protest {i}",
                        "lat": 34.0,
                        "lon": -118.2,
                        "city": "los-angeles",
                    },
                }
            )
        )
        found.append(
            Event.model_validate(
                {
                    "source": "bench",
                    "event_id": f"u{i}",
                    "type": "incident.updated",
                    "occurred_at": start + timedelta(minutes=30),
                    "incident_id": f"inc-{i}",
                    "incident": {"crowd_size": 100 + i},
                }
            )
        )
        for k, kind in enumerate(STEPS):
            found.append(
                Event(
                    source="lapd-cad",
                    event_id=f"s{i}-{k}",
                    type=kind,
                    occurred_at=start + timedelta(minutes=5 * (k + 1)),
                    incident_id=f"inc-{i}",
                    agency="lapd",
                )
            )
    return found


def median_ms(action: Callable[[], Any]) -> float:
    """Return the median milliseconds of `action` over REPEATS calls, after one warm-up."""
    action()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def naive(store: Store, as_of: datetime) -> None:
    """Read the same events, then insert and project them one at a time."""
    with store.engine.connect() as conn:
        rows = history_events(conn, as_of, "known")
    memory = create_engine("sqlite://", poolclass=NullPool)
    tables = [events, incidents, step_claims, superseded_events, retracted_events]
    with memory.begin() as conn:
        metadata.create_all(conn, tables=tables)
        for row in rows:
            conn.execute(insert(events), row)
            project(conn, row)
    memory.dispose()


def main() -> None:
    """Measure and save the history figures."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-bench-"))
    store = Store.open(f"sqlite:///{folder / 'history.db'}")
    seed_reference_data(store)
    batch = log(INCIDENTS)
    # Each hour's events arrive at the end of that hour, so "known" lags "happened".
    by_hour: dict[int, list[Event]] = {}
    for event in batch:
        by_hour.setdefault(int((event.occurred_at - T0).total_seconds() // 3600), []).append(event)
    for hour, chunk in sorted(by_hour.items()):
        store.append(chunk, received_at=T0 + timedelta(hours=hour + 1))
    end, noon = T0 + timedelta(hours=26), T0 + timedelta(hours=12)
    whole = median_ms(lambda: picture_at(store.engine, end, "known"))
    rows = [
        {
            "case": f"picture at the end, {len(batch)} events, {INCIDENTS} incidents",
            "value": whole,
            "unit": "ms",
            "baseline": median_ms(lambda: naive(store, end)),
        },
        {
            "case": "picture at mid-day, as happened",
            "value": median_ms(lambda: picture_at(store.engine, noon, "happened")),
            "unit": "ms",
        },
        {
            "case": "picture at mid-day, last hour only (since)",
            "value": median_ms(
                lambda: picture_at(store.engine, noon, "known", since=noon - timedelta(hours=1))
            ),
            "unit": "ms",
        },
    ]
    rows[0]["ratio"] = rows[0]["baseline"] / whole
    save("history", "History: picture_at (replay of the log)", rows)
    store.close()


if __name__ == "__main__":
    main()

"""Ingest over real HTTP against what the same SQLite file does with no app at all.

Ours: POST /api/v1/events to a served app (routing, token, JSON, pydantic validation,
append and projection in one transaction), in 1,000-event batches and one event per
POST. Baselines, on a file with the app's own pragmas (WAL, synchronous=NORMAL, see
dashboard/store/engine.py): a naive loop, one prepared INSERT and one commit per event;
and the floor, one bare `executemany` of the same bodies into one table.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import event as sa_event

from benchmarks.common import median3, rate, result, serve, size
from benchmarks.report import save
from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.store.tokens import create_token

BATCH = 1_000
BATCHES = size(10, 1)
SINGLE = size(500, 5)
T0 = datetime.now(UTC) - timedelta(hours=2)
CITIES = (("los-angeles", 34.05, -118.24), ("chicago", 41.88, -87.63), ("portland", 45.51, -122.68))
COLUMNS = ("source", "event_id", "type", "occurred_at", "incident_id", "agency", "payload")


def event(n: int, prefix: str) -> dict[str, Any]:
    """Return an incident.reported body, or a notification about the previous incident."""
    if n % 2:
        return {
            "source": "bench",
            "event_id": f"{prefix}{n}",
            "type": "notification.sent",
            "occurred_at": (T0 + timedelta(seconds=n)).isoformat(),
            "incident_id": f"{prefix}i{n - 1}",
            "agency": "lapd",
            "data": {"channel": "phone"},
        }
    city, lat, lon = CITIES[n % len(CITIES)]
    return {
        "source": "bench",
        "event_id": f"{prefix}{n}",
        "type": "incident.reported",
        "occurred_at": (T0 + timedelta(seconds=n)).isoformat(),
        "incident_id": f"{prefix}i{n}",
        "incident": {
            "kind": "protest",
            "title": f"Bench {n}",
            "lat": lat + (n % 97) / 1000,
            "lon": lon + (n % 89) / 1000,
            "city": city,
            "started_at": T0.isoformat(),
        },
    }


def flat(body: dict[str, Any]) -> tuple[Any, ...]:
    """Return the body as one row of the baselines' table."""
    payload = json.dumps({"incident": body.get("incident"), "data": body.get("data")})
    return (*(body.get(c) for c in COLUMNS[:-1]), payload)


def app_pragmas(path: Path) -> sqlite3.Connection:
    """Open a file with the pragmas the app's engine sets, and the events table's key."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 10000"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, source TEXT, event_id TEXT,"
        " type TEXT, occurred_at TEXT, incident_id TEXT, agency TEXT, payload TEXT,"
        " UNIQUE (source, event_id))"
    )
    return conn


def naive_loop(folder: Path, run: int) -> float:
    """Return events/s of one INSERT and one COMMIT per event, with the app's pragmas."""
    conn = app_pragmas(folder / f"naive{run}.db")
    rows = [flat(event(n, "n")) for n in range(BATCH * BATCHES)]
    insert = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"

    def loop() -> None:
        for row in rows:
            conn.execute("BEGIN")
            conn.execute(insert, row)
            conn.execute("COMMIT")

    try:
        return rate(len(rows), loop)
    finally:
        conn.close()


def bare_executemany(folder: Path, run: int) -> float:
    """Return rows/s of one executemany of the same bodies into one table, one commit."""
    conn = app_pragmas(folder / f"bare{run}.db")
    rows = [flat(event(n, "m")) for n in range(BATCH * BATCHES)]
    insert = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"

    def once() -> None:
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")

    try:
        return rate(len(rows), once)
    finally:
        conn.close()


def served_rates(folder: Path, run: int) -> tuple[float, float, float]:
    """Return events/s in batches and one per POST, and SQL statements per single POST."""
    config = Config(
        database_url=f"sqlite:///{folder / f'api{run}.db'}",
        testing=True,
        demo=False,
        api_rate_limit="1000000/minute",
        instance_dir=str(folder / "instance"),
    )
    with serve(config) as served, requests.Session() as http:
        engine = served.runtime.store.engine
        seed_reference_data(served.runtime.store)
        token = create_token(engine, f"bench{run}", ["bench"])
        http.headers["Authorization"] = f"Bearer {token}"
        url = served.url + "/api/v1/events"
        bodies = [
            json.dumps({"events": [event(n, f"b{b}-") for n in range(BATCH)]})
            for b in range(BATCHES)
        ]

        def post(body: str) -> None:
            answer = http.post(url, data=body, headers={"Content-Type": "application/json"})
            assert answer.status_code == 200, answer.text[:300]

        batched = rate(BATCH * BATCHES, lambda: [post(b) for b in bodies])
        singles = [json.dumps(event(n, "s")) for n in range(SINGLE)]
        single = rate(SINGLE, lambda: [post(b) for b in singles])
        statements: list[str] = []
        sa_event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        post(json.dumps(event(2 * SINGLE, "s")))  # a report
        post(json.dumps(event(2 * SINGLE + 1, "s")))  # a notification
    return batched, single, len(statements) / 2


def main() -> None:
    """Measure, print and save the ingest figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs = iter(range(100))
        served = [served_rates(folder, next(runs)) for _ in range(3 if BATCHES > 1 else 1)]
        naive = median3(lambda: naive_loop(folder, next(runs)))
        bare = median3(lambda: bare_executemany(folder, next(runs)))

    def pick(i: int) -> tuple[float, float]:
        values = sorted(s[i] for s in served)
        return values[len(values) // 2], values[-1] - values[0]

    same = "naive loop: one INSERT + COMMIT per event, app's pragmas (WAL, synchronous=NORMAL)"
    rows = [
        result(f"{BATCH:,}-event batches over HTTP", "events/s", pick(0), naive, same),
        result(
            f"{BATCH:,}-event batches over HTTP",
            "events/s",
            pick(0),
            bare,
            "floor: bare executemany of the same bodies into one table, app's pragmas",
        ),
        result("one event per POST over HTTP", "events/s", pick(1), naive, same),
        result("SQL statements per single-event POST", "stmts", pick(2)),
    ]
    save("ingest", "Ingest via POST /api/v1/events (SQLite)", rows)


if __name__ == "__main__":
    main()

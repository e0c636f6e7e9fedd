"""Ingest throughput through the real API: single-event posts and 1,000-event batches.

Both go through the Flask test client (routing, token check, JSON parsing, pydantic
validation, append and projection in one transaction) on a temporary SQLite file. The
baseline, in the same process, is what a naive writer does: raw sqlite3, an INSERT built
as a string for every event (no prepared statement) and one commit per event.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.report import save
from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.runtime import runtime
from dashboard.store.tokens import create_token

SINGLE = 1_000
BATCHES = 10
BATCH = 1_000
BASELINE = 2_000
T0 = datetime(2026, 6, 6, 17, 0, tzinfo=UTC)
CITIES = (("los-angeles", 34.05, -118.24), ("chicago", 41.88, -87.63), ("portland", 45.51, -122.68))


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


def api_rates(folder: Path) -> tuple[float, float]:
    """Return events/s for single posts and for 1,000-event batches through the API."""
    config = Config(
        database_url=f"sqlite:///{folder / 'api.db'}",
        testing=True,
        demo=False,
        api_rate_limit="1000000/minute",
    )
    app = create_app(config)
    rt = runtime(app.server)
    token = create_token(rt.store.engine, "bench", ["bench"])
    client = app.server.test_client()
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}

    def post(body: dict[str, Any]) -> None:
        response = client.post("/api/v1/events", json=body, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)

    start = time.perf_counter()
    for n in range(SINGLE):
        post(event(n, "s"))
    single = SINGLE / (time.perf_counter() - start)
    batches = [[event(n, f"b{b}-") for n in range(BATCH)] for b in range(BATCHES)]
    start = time.perf_counter()
    for batch in batches:
        post({"events": batch})
    batched = BATCHES * BATCH / (time.perf_counter() - start)
    rt.stop()
    return single, batched


def naive_rate(folder: Path) -> float:
    """Return events/s of string-built INSERTs with a commit after each event."""
    conn = sqlite3.connect(folder / "naive.db")
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, source TEXT, event_id TEXT, type TEXT,"
        " occurred_at TEXT, received_at TEXT, incident_id TEXT, agency_id TEXT, payload TEXT,"
        " UNIQUE (source, event_id))"
    )
    conn.commit()
    start = time.perf_counter()
    for n in range(BASELINE):
        body = event(n, "n")
        payload = json.dumps({"incident": body.get("incident"), "data": body.get("data")})
        values = [
            body["source"],
            body["event_id"],
            body["type"],
            body["occurred_at"],
            datetime.now(UTC).isoformat(),
            body["incident_id"],
            body.get("agency") or "",
            payload,
        ]
        quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
        conn.execute(
            "INSERT INTO events (source, event_id, type, occurred_at, received_at,"
            f" incident_id, agency_id, payload) VALUES ({quoted})"
        )
        conn.commit()
    rate = BASELINE / (time.perf_counter() - start)
    conn.close()
    return rate


def main() -> None:
    """Measure, print and save the ingest figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = naive_rate(folder)
        single, batched = api_rates(folder)
    rows = [
        {
            "case": "one event per POST",
            "value": round(single, 1),
            "unit": "events/s",
            "baseline": round(baseline, 1),
            "ratio": round(single / baseline, 2),
        },
        {
            "case": "1,000-event batch per POST",
            "value": round(batched, 1),
            "unit": "events/s",
            "baseline": round(baseline, 1),
            "ratio": round(batched / baseline, 2),
        },
    ]
    save("ingest", "Ingest via POST /api/v1/events (SQLite)", rows)


if __name__ == "__main__":
    main()

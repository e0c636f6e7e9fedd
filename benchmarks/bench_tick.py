"""Live tick cost at 10,000 incidents: unchanged tick, 10 changed incidents, naive rebuild."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import plotly
from sqlalchemy import event

from benchmarks.report import save
from dashboard import ids
from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.demo.scenario import JURISDICTIONS
from dashboard.factory import create_app
from dashboard.figures.incident_list import incident_rows
from dashboard.figures.incident_map import incident_map
from dashboard.ingest.models import Event
from dashboard.rules.tracks import notified_agencies
from dashboard.runtime import runtime
from dashboard.store import Store, queries
from tests.auth import client_as
from tests.dash_requests import tick_body

INCIDENTS = 10_000
CHANGED = 10
REPEATS = 60
T0 = datetime(2026, 6, 6, 17, 0, tzinfo=UTC)


def fill(store: Store, count: int) -> None:
    """Write `count` incidents, a third of them with a notification, in 1,000-event batches."""
    batch: list[Event] = []
    for n in range(count):
        city = JURISDICTIONS[n % len(JURISDICTIONS)]
        batch.append(
            Event.model_validate(
                {
                    "source": "bench",
                    "event_id": f"r{n}",
                    "type": "incident.reported",
                    "occurred_at": T0 + timedelta(seconds=n),
                    "incident_id": f"b{n}",
                    "incident": {
                        "kind": ("operation", "staging", "protest")[n % 3],
                        "title": f"B {n}",
                        "lat": city["lat"] + (n % 97) / 500,
                        "lon": city["lon"] + (n % 89) / 500,
                        "city": city["id"],
                        "started_at": T0,
                    },
                }
            )
        )
        if n % 3 == 0:
            batch.append(
                Event.model_validate(
                    {
                        "source": "bench",
                        "event_id": f"n{n}",
                        "type": "notification.sent",
                        "occurred_at": T0,
                        "incident_id": f"b{n}",
                        "agency": "lapd",
                    }
                )
            )
        if len(batch) >= 1000:
            store.append(batch)
            batch = []
    store.append(batch)


def timed(action: Callable[[], Any], before: Callable[[], None] | None = None) -> list[float]:
    """Return per-call milliseconds of `action`, running `before` untimed each time."""
    samples = []
    for _ in range(REPEATS):
        if before:
            before()
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    """Measure and save the tick figures."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-bench-"))
    url = f"sqlite:///{folder / 'tick.db'}"
    store = Store.open(url)
    seed_reference_data(store)
    fill(store, INCIDENTS)
    app = create_app(
        Config(database_url=url, demo=False, testing=True, instance_dir=str(folder / "instance"))
    )
    rt = runtime(app.server)
    # A signed-in viewer, as in production; the session check is part of the tick's cost.
    client = client_as(app, "viewer")
    statements: list[str] = []
    event.listen(rt.store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    held: dict[str, Any] = {"view": None}

    def post_tick(seq: int) -> Any:
        """Tick as a browser does: send the view state it holds, keep the one it is sent."""
        body = tick_body(seq, 1, view=held["view"])
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code in (200, 204), response.status_code
        if response.status_code == 200:
            sent = response.get_json()["response"].get(ids.OPS_VIEW)
            held["view"] = sent["data"] if sent else held["view"]
        return response

    latest = rt.store.latest_seq()
    post_tick(latest)
    statements.clear()
    unchanged = timed(lambda: post_tick(latest))
    unchanged_sql = len(statements) / REPEATS
    unchanged_bytes = len(post_tick(latest).data)

    counter = iter(range(10**9))
    seqs: dict[str, int] = {}

    def change_ten() -> None:
        seqs["client"] = rt.store.latest_seq()
        k = next(counter)
        rt.store.append(
            [
                Event.model_validate(
                    {
                        "source": "bench",
                        "event_id": f"u{k}-{i}",
                        "type": "incident.updated",
                        "occurred_at": datetime.now(UTC),
                        "incident_id": f"b{(k * CHANGED + i) * 7 % INCIDENTS}",
                        "incident": {"crowd_size": k + i},
                    }
                )
                for i in range(CHANGED)
            ]
        )

    changed = timed(lambda: post_tick(seqs["client"]), before=change_ten)
    change_ten()
    changed_bytes = len(post_tick(seqs["client"]).data)

    def naive_tick() -> int:
        with rt.store.engine.connect() as conn:
            incidents = queries.incidents_frame(conn)
            claims = queries.claims_frame(conn)
        notified = notified_agencies(claims)
        incidents["notified"] = [notified.get(i, []) for i in incidents["id"]]
        figure = incident_map(incidents, "white-bg")
        body = json.dumps(
            {"figure": figure, "rows": incident_rows(incidents)}, cls=plotly.utils.PlotlyJSONEncoder
        )
        return len(body)

    naive = timed(naive_tick)
    naive_bytes = naive_tick()
    med = statistics.median
    rows = [
        {
            "case": "unchanged tick (median)",
            "value": med(unchanged),
            "unit": "ms",
            "baseline": med(naive),
            "ratio": med(naive) / med(unchanged),
        },
        {
            "case": f"tick with {CHANGED} changed incidents (median)",
            "value": med(changed),
            "unit": "ms",
            "baseline": med(naive),
            "ratio": med(naive) / med(changed),
        },
        {
            "case": "unchanged tick response",
            "value": unchanged_bytes,
            "unit": "bytes",
            "baseline": naive_bytes,
            "ratio": naive_bytes / max(unchanged_bytes, 1),
        },
        {
            "case": f"{CHANGED}-change tick response",
            "value": changed_bytes,
            "unit": "bytes",
            "baseline": naive_bytes,
            "ratio": naive_bytes / max(changed_bytes, 1),
        },
        {"case": "SQL statements per unchanged tick", "value": unchanged_sql, "unit": "stmts"},
    ]
    save("tick", f"Live tick, {INCIDENTS:,} incidents", rows)
    rt.stop()


if __name__ == "__main__":
    main()

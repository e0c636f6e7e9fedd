"""Analyst view at 100,000 incidents: server time and payload per filter change, vs naive.

A filter change is what the browser asks after a control moves: the render callback
(map, tiles, four charts) and the table's first block. The naive version reloads every
incident and claim through pandas `read_sql`, derives the tracks, filters, and sends the
map, charts and the whole table. `python -m benchmarks analyze` (100,000 incidents);
`HEADSUP_BENCH_SMALL=1` runs it at 5,000 for CI; `HEADSUP_BENCH_INCIDENTS=N` at N.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import plotly
from sqlalchemy import select

from benchmarks.common import TINY, size
from benchmarks.report import save
from dashboard import ids
from dashboard.callbacks.analyze_render import OUTPUTS
from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.demo.scenario import AGENCIES, JURISDICTIONS
from dashboard.factory import create_app
from dashboard.figures import analyze_charts as charts
from dashboard.figures.analyze_map import analyze_map
from dashboard.figures.analyze_table import table_rows
from dashboard.ingest.models import Event
from dashboard.rules.analyze_url import AnalyzeState, serialize
from dashboard.rules.stats import city_figures
from dashboard.rules.tracks import notification_tracks
from dashboard.runtime import runtime
from dashboard.store import Store
from dashboard.store.schema import incidents, step_claims
from tests.auth import client_as
from tests.dash_requests import callback_body

INCIDENTS = size(
    int(os.environ.get("HEADSUP_BENCH_INCIDENTS", 0))
    or (5_000 if os.environ.get("HEADSUP_BENCH_SMALL") else 100_000),
    200,
)
# One results file per size, so a small run does not overwrite a large one (a tiny run
# writes elsewhere: see benchmarks/report.py).
RESULT = "analyze" if TINY or INCIDENTS == 100_000 else f"analyze-{INCIDENTS // 1000}k"
NAIVE_REPEATS = 3
LOCAL = {c["id"]: [a["id"] for a in AGENCIES if c["id"] in a.get("jurisdictions", ())]
         for c in JURISDICTIONS}  # fmt: skip
# Only jurisdictions with a local agency: the notifications need one.
CITIES = [c for c in JURISDICTIONS if LOCAL[c["id"]]]
# Filter changes an analyst makes, each a state the server has not seen before.
CHANGES = [
    AnalyzeState(kinds=("protest",)),
    AnalyzeState(cities=("chicago",)),
    AnalyzeState(kinds=("operation", "staging"), notice=("late",)),
    AnalyzeState(disputed=True),
    AnalyzeState(statuses=("active",), cities=("los-angeles", "paramount")),
    AnalyzeState(window="6h"),
    AnalyzeState(agencies=("lapd",)),
    AnalyzeState(sources=("bench-b",)),
    AnalyzeState(window="1h", kinds=("protest",)),
    AnalyzeState(notice=("not_told",)),
]


def event(n: int, kind: str, at: datetime, source: str = "bench-a", **extra: Any) -> Event:
    """Return one event of the benchmark's incident n."""
    return Event.model_validate(
        {"source": source, "event_id": f"{kind}-{n}-{source}", "type": kind, "occurred_at": at,
         "incident_id": f"b{n}", **extra}
    )  # fmt: skip


def fill(store: Store, count: int, start: datetime) -> None:
    """Write `count` incidents over 20 h; a third notified, a fifth with a (disputed) response."""
    step = timedelta(hours=20) / count
    batch: list[Event] = []
    for n in range(count):
        city = CITIES[n % len(CITIES)]
        at = start + step * n
        agency = LOCAL[city["id"]][0]
        batch.append(event(n, "incident.reported", at, incident={
            "kind": ("operation", "staging", "protest")[n % 3], "title": f"B {n}",
            "lat": city["lat"] + (n % 97) / 500, "lon": city["lon"] + (n % 89) / 500,
            "city": city["id"], "started_at": at + timedelta(minutes=30)}))  # fmt: skip
        if n % 3 == 0:
            batch.append(event(n, "notification.sent", at + timedelta(minutes=n % 50),
                               agency=agency))  # fmt: skip
        if n % 5 == 0:
            batch.append(event(n, "assistance.requested", at, agency=agency))
            batch.append(event(n, "unit.on_scene", at + timedelta(minutes=20), agency=agency))
            late = timedelta(minutes=20 + (n % 4) * 15)
            batch.append(event(n, "unit.on_scene", at + late, source="bench-b", agency=agency))
        if len(batch) >= 1000:
            store.append(batch)
            batch = []
    store.append(batch)


def change_bodies(state: AnalyzeState) -> list[dict[str, Any]]:
    """Return the render and first-block requests a browser posts after a filter change."""
    query = serialize(state)
    render = callback_body(
        OUTPUTS, [(ids.ANALYZE_STATE, "data", query)], [(ids.ANALYZE_RENDERED, "data", None)]
    )
    block = callback_body(
        [OUTPUTS[0].__class__(ids.ANALYZE_GRID, "getRowsResponse")],
        [(ids.ANALYZE_GRID, "getRowsRequest", {"startRow": 0, "endRow": 100})],
        [(ids.ANALYZE_STATE, "data", query)],
    )
    return [render, block]


def naive_change(url: str, state: AnalyzeState, now: datetime) -> int:
    """Reload everything through pandas, derive, filter, and serialise it all; return bytes."""
    with Store.open(url).engine.connect() as conn:
        frame = pd.read_sql(select(incidents), conn)
        claims = pd.read_sql(select(step_claims), conn)
    for column in ("started_at", "reported_at", "updated_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    claims["occurred_at"] = pd.to_datetime(claims["occurred_at"], utc=True)
    tracks = notification_tracks(claims, frame)
    kept = state.view_filter(now).apply(frame, None, now, tracks)
    rows = tracks[tracks["incident_id"].isin(set(kept["id"]))]
    rows = rows.join(kept.set_index("id")[["title", "kind", "status", "city", "reported_at"]],
                     on="incident_id")  # fmt: skip
    figures = [
        analyze_map(kept, "white-bg"),
        charts.lead_time_chart(rows, {})[0],
        charts.told_share_chart(city_figures(kept, rows), {})[0],
        charts.response_chart(rows, {})[0],
        charts.over_time_chart(kept, 24.0)[0],
    ]
    body = {"figures": figures, "rows": table_rows(rows, {}, {}, {})}
    return len(json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder))


def main() -> None:
    """Measure and save the filter-change figures."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-bench-"))
    url = f"sqlite:///{folder / 'analyze.db'}"
    store = Store.open(url)
    seed_reference_data(store)
    now = datetime.now(UTC)
    fill(store, INCIDENTS, now - timedelta(hours=21))
    store.close()
    app = create_app(
        Config(database_url=url, demo=False, testing=True, instance_dir=str(folder / "instance"))
    )
    client = client_as(app, "analyst")

    def post_change(state: AnalyzeState) -> int:
        size = 0
        for body in change_bodies(state):
            response = client.post("/_dash-update-component", json=body)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            size += len(response.data)
        return size

    post_change(AnalyzeState())  # the page's first view: picture and tracks loaded once
    times, sizes = [], []
    for state in CHANGES:
        start = time.perf_counter()
        sizes.append(post_change(state))
        times.append((time.perf_counter() - start) * 1000)
    naive_times, naive_sizes = [], []
    for state in CHANGES[:NAIVE_REPEATS]:
        start = time.perf_counter()
        naive_sizes.append(naive_change(url, state, now))
        naive_times.append((time.perf_counter() - start) * 1000)
    med = statistics.median
    rows = [
        {"case": f"filter change, server time (median of {len(times)})", "value": med(times),
         "unit": "ms", "baseline": med(naive_times), "ratio": med(naive_times) / med(times)},
        {"case": "filter change, server time (slowest)", "value": max(times), "unit": "ms"},
        {"case": "filter change response (median)", "value": med(sizes), "unit": "bytes",
         "baseline": med(naive_sizes), "ratio": med(naive_sizes) / med(sizes)},
        {"case": "machine load (1-min average, 2 cores) at the end", "value": os.getloadavg()[0],
         "unit": "load"},
    ]  # fmt: skip
    save(RESULT, f"Analyst view, {INCIDENTS:,} incidents", rows)
    runtime(app.server).stop()


if __name__ == "__main__":
    main()

"""What every benchmark shares: sizes (full or tiny), medians of three, data, a live server."""

from __future__ import annotations

import gzip
import logging
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dash import Dash
from werkzeug.serving import make_server

from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.demo.scenario import JURISDICTIONS
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.runtime import Runtime
from dashboard.store import Store

ROOT_DIR = Path(__file__).resolve().parent.parent
# HEADSUP_BENCH_SIZE=tiny runs every benchmark once at a toy size (CI, so none rots).
TINY = os.environ.get("HEADSUP_BENCH_SIZE", "full") == "tiny"
REPEATS = 1 if TINY else 3
NOW = datetime.now(UTC).replace(microsecond=0)


def size(full: int, tiny: int) -> int:
    """Return the full size, or the tiny one under HEADSUP_BENCH_SIZE=tiny."""
    return tiny if TINY else full


def median3(measure: Callable[[], float]) -> tuple[float, float]:
    """Run a measure REPEATS times; return the median and the spread (max - min)."""
    samples = [measure() for _ in range(REPEATS)]
    return statistics.median(samples), max(samples) - min(samples)


def result(
    case: str,
    unit: str,
    value: tuple[float, float],
    baseline: tuple[float, float] | None = None,
    baseline_is: str = "",
    higher_is_better: bool = True,
) -> dict[str, Any]:
    """Return a results row: median and spread of ours and of the baseline, and their ratio.

    The ratio reads "times better than the baseline" whichever way the unit points.
    """
    row: dict[str, Any] = {"case": case, "unit": unit, "value": value[0], "spread": value[1]}
    if baseline is not None:
        row.update(baseline=baseline[0], baseline_spread=baseline[1], baseline_is=baseline_is)
        if value[0] and baseline[0]:
            ratio = value[0] / baseline[0] if higher_is_better else baseline[0] / value[0]
            row["ratio"] = ratio
    return row


def gzipped(body: bytes) -> int:
    """Return the size of a body as gzip (level 6, as a proxy would send it)."""
    return len(gzip.compress(body, 6))


def report_event(n: int, at: datetime, prefix: str = "b") -> Event:
    """Return an incident.reported event for incident `<prefix><n>` in one of the cities."""
    city = JURISDICTIONS[n % len(JURISDICTIONS)]
    return Event.model_validate(
        {
            "source": "bench",
            "event_id": f"{prefix}r{n}",
            "type": "incident.reported",
            "occurred_at": at,
            "incident_id": f"{prefix}{n}",
            "incident": {
                "kind": ("operation", "staging", "protest")[n % 3],
                "title": f"B {n}",
                "lat": city["lat"] + (n % 97) / 500,
                "lon": city["lon"] + (n % 89) / 500,
                "city": city["id"],
                "started_at": at,
            },
        }
    )


def fill(store: Store, count: int, span: timedelta = timedelta(hours=1)) -> None:
    """Write `count` incidents reported over `span` up to now, a third of them notified."""
    seed_reference_data(store)
    step = span / max(count, 1)
    batch: list[Event] = []
    for n in range(count):
        at = NOW - span + step * n
        batch.append(report_event(n, at))
        if n % 3 == 0:
            notice = {
                "source": "bench",
                "event_id": f"n{n}",
                "type": "notification.sent",
                "occurred_at": at,
                "incident_id": f"b{n}",
                "agency": "lapd",
            }
            batch.append(Event.model_validate(notice))
        if len(batch) >= 1000:
            store.append(batch)
            batch = []
    if batch:
        store.append(batch)


@dataclass
class Served:
    """An app answering real HTTP on a loopback port, from a thread of this process."""

    app: Dash
    url: str

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.app.server.extensions["headsup"]


@contextmanager
def serve(config: Config) -> Iterator[Served]:
    """Serve an app over HTTP (threaded werkzeug, as tests/browser does) until the block ends."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(config)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.server.extensions["headsup"].stop()


def rate(count: int, action: Callable[[], Any]) -> float:
    """Return `count` divided by the seconds `action` takes."""
    start = time.perf_counter()
    action()
    return count / (time.perf_counter() - start)

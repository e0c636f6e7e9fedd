"""Reference data lookup: the in-process snapshot against the SQL query and a JSON cache hit."""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.report import save
from dashboard.demo.feed import seed_reference_data
from dashboard.read.reference import References, read_rows
from dashboard.store import Store, queries
from dashboard.store.members import members_frame

REPEATS = 300


def median_us(action: Callable[[], Any]) -> float:
    """Return the median microseconds of `action` over REPEATS calls, after one warm-up."""
    action()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def query_all(store: Store) -> tuple[pd.DataFrame, ...]:
    """The naive baseline: read the three tables on every use."""
    with store.engine.connect() as conn:
        return queries.agencies_frame(conn), queries.jurisdictions_frame(conn), members_frame(conn)


def json_hit(encoded: list[str]) -> list[pd.DataFrame]:
    """What a hit of the former JSON-serialised cache did: decode the frames again."""
    return [pd.read_json(io.StringIO(text), orient="table") for text in encoded]


def main() -> None:
    """Measure and save the reference lookup figures."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-bench-"))
    store = Store.open(f"sqlite:///{folder / 'reference.db'}")
    seed_reference_data(store)
    references = References(store.engine, recheck_s=3600)
    frames = query_all(store)
    encoded = [f.to_json(orient="table", date_format="iso", date_unit="us") for f in frames]

    def snapshot_hit() -> Any:
        ref = references.current()
        return ref.agencies, ref.jurisdictions, ref.members, ref.city_names

    def recheck() -> Any:
        with store.engine.connect() as conn:
            return read_rows(conn)

    hit, sql, old = (
        median_us(snapshot_hit),
        median_us(lambda: query_all(store)),
        median_us(lambda: json_hit(encoded)),
    )
    rows = [
        {
            "case": "hit, against querying the 3 tables",
            "value": hit,
            "unit": "µs",
            "baseline": sql,
            "ratio": sql / hit,
        },
        {
            "case": "hit, against the former JSON cache hit",
            "value": hit,
            "unit": "µs",
            "baseline": old,
            "ratio": old / hit,
        },
        {"case": "version recheck (at most every 5 s)", "value": median_us(recheck), "unit": "µs"},
    ]
    save("reference", "Reference data (agencies, cities, members)", rows)
    store.close()


if __name__ == "__main__":
    main()

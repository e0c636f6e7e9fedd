"""GET /api/v1/incidents?kind=…&since=… at 100,000 incidents against a pandas reload.

Ours: the served route over real HTTP (token, SQL filter, claims of the matching
incidents, summaries, GeoJSON). Baseline, in the same run: reload the whole incidents
table with pandas and filter it (no summaries, no GeoJSON: a cheaper answer than ours).
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd
import requests

from benchmarks.common import NOW, fill, gzipped, median3, result, serve, size
from benchmarks.report import save
from dashboard.config import Config
from dashboard.store import Store
from dashboard.store.tokens import create_token

INCIDENTS = size(100_000, 300)
SPAN = timedelta(days=30)  # reports spread over a month; the question asks for the last day
QUERY = {"kind": "protest", "since": (NOW - timedelta(days=1)).isoformat()}
CALLS = size(10, 2)


def pandas_reload(url: str) -> int:
    """The baseline: read the whole incidents table, then filter it as the query asks."""
    table = pd.read_sql_table("incidents", url)
    since = pd.Timestamp(QUERY["since"]).tz_localize(None)
    chosen = table[(table["kind"] == QUERY["kind"]) & (table["updated_at"] >= since)]
    return len(chosen)


def timed_ms(action: object) -> float:
    """Return the median ms of CALLS calls of `action`."""
    samples = []
    for _ in range(CALLS):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def main() -> None:
    """Measure, print and save the API read figures."""
    with tempfile.TemporaryDirectory(prefix="headsup-bench-") as tmp:
        measure(Path(tmp))


def measure(folder: Path) -> None:
    """Fill a store in `folder`, then measure and save."""
    url = f"sqlite:///{folder / 'api.db'}"
    store = Store.open(url)
    fill(store, INCIDENTS, SPAN)
    token = create_token(store.engine, "reader", ["bench"])
    store.close()
    config = Config(
        database_url=url,
        testing=True,
        demo=False,
        api_rate_limit="1000000/minute",
        instance_dir=str(folder / "instance"),
    )
    with serve(config) as served, requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        endpoint = served.url + "/api/v1/incidents"

        def ask() -> requests.Response:
            answer = http.get(endpoint, params=QUERY, headers={"Accept-Encoding": "identity"})
            assert answer.status_code == 200, answer.text[:300]
            return answer

        body = ask().content
        matched = len(ask().json()["features"])
        ours = median3(lambda: timed_ms(ask))
        baseline = median3(lambda: timed_ms(lambda: pandas_reload(url)))
    assert pandas_reload(url) == matched, (pandas_reload(url), matched)
    title = f"GET /api/v1/incidents?kind&since, {INCIDENTS:,} incidents ({matched:,} match)"
    rows = [
        result(
            "answer time over HTTP",
            "ms",
            ours,
            baseline,
            "reload the incidents table with pandas.read_sql_table and filter (same run)",
            higher_is_better=False,
        ),
        result("answer size", "bytes", (len(body), 0)),
        result("answer size, gzip", "bytes", (gzipped(body), 0)),
    ]
    save("api", title, rows)


if __name__ == "__main__":
    main()

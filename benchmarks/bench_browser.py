"""The browser side, in headless Debian Chromium through the DevTools protocol.

The app runs in its own process (`benchmarks/serve_app.py`, as `python app.py` would),
so its memory is the server's alone. Measured, each beside its baseline in the same run:
first paint of `/` against a bare page with one `scattermap` of the same points on the
same offline style (1k, 10k, 100k); main-thread busy ms per second over a window with one
event a second, on `/` and on the wall, against the idle bare page; POST → drawn in an
open browser (1 s refresh); server RSS over six page loads at 100k against its start.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from benchmarks.common import REPEATS, ROOT_DIR, TINY, fill, result, size
from benchmarks.report import save
from dashboard.security.accounts import add_user
from dashboard.security.kiosks import create_kiosk
from dashboard.store import Store
from dashboard.store.tokens import create_token
from tests.auth import PASSWORD, browser_sign_in
from tests.browser.harness import CHROMEDRIVER, chrome_options

SIZES = (1_000, 10_000, 100_000) if size(1, 0) else (60,)
WATCHED = size(10_000, 60)
WINDOW_S = size(10, 1)  # three windows: a 30 s watch
POSTS = size(10, 2)
PAGE_LOADS = size(6, 1)
REFRESH_MS = 1000
# True once a map in the page has drawn at least `want` points and MapLibre is idle;
# answers performance.now(), the ms since navigation started.
DRAWN = """
const want = arguments[0];
for (const gd of document.querySelectorAll('.js-plotly-plot')) {
  const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  if (!sub || !sub.map) continue;
  let n = 0;
  for (const t of gd._fullData || []) {
    if (t.type === 'scattermap' && t.visible !== false && t.lat) n += t.lat.length;
  }
  if (n >= want && sub.map.loaded() && sub.map.areTilesLoaded()) return performance.now();
}
return null;
"""


def free_port() -> int:
    """Return a port the kernel says is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppProcess:
    """The app in its own process on a store already filled."""

    def __init__(self, url: str, folder: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "PORT": str(self.port),
            "HEADSUP_DEMO": "0",
            "HEADSUP_REFRESH_MS": str(REFRESH_MS),
            "HEADSUP_API_RATE_LIMIT": "1000000/minute",
            "HEADSUP_INSTANCE_DIR": str(folder / "instance"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.serve_app"],
            cwd=ROOT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/login", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the app did not start")

    def rss_mb(self) -> float:
        """Return the server process's resident memory in MB, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        """Stop the process this benchmark started."""
        self.process.terminate()
        self.process.wait(timeout=20)


def prepared_store(folder: Path, incidents: int) -> tuple[str, str, str]:
    """Fill a store; return its URL, a writer token and a kiosk token."""
    url = f"sqlite:///{folder / f'browser{incidents}.db'}"
    store = Store.open(url)
    fill(store, incidents)
    add_user(store.engine, "bench", "operator", PASSWORD, "bench", "bench")
    token = create_token(store.engine, "writer", ["bench"])
    kiosk = create_kiosk(store.engine, "lobby", [], "bench", "bench")
    store.close()
    return url, token, kiosk


@contextmanager
def chromium() -> Iterator[Any]:
    """Start headless Debian Chromium with the DevTools Performance domain on."""
    driver = webdriver.Chrome(options=chrome_options(), service=Service(CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd("Performance.enable", {})
        # At 100k a busy main thread answers a probe late; the 30 s default failed there.
        driver.set_script_timeout(180)
        yield driver
    finally:
        driver.quit()


def drawn_at(driver: Any, url: str, want: int, timeout: float = 180.0) -> float:
    """Open a page; return the ms from navigation until its map has drawn `want` points."""
    driver.get(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = driver.execute_script(DRAWN, want)
        if at is not None:
            return float(at)
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not draw {want} points")


def metrics(driver: Any) -> dict[str, float]:
    """Return the page's DevTools performance metrics by name."""
    answer = driver.execute_cdp_cmd("Performance.getMetrics", {})
    return {m["name"]: m["value"] for m in answer["metrics"]}


def heap_mb(driver: Any) -> float:
    """Return the page's used JS heap in MB."""
    return metrics(driver)["JSHeapUsedSize"] / 2**20


def spread(samples: list[float]) -> tuple[float, float]:
    """Return the median and the spread of samples."""
    return statistics.median(samples), max(samples) - min(samples)


def first_paints(app: AppProcess, driver: Any, incidents: int) -> dict[str, Any]:
    """Return first-paint ms and JS heap of `/` and of the bare page, three loads each."""
    if not TINY:
        drawn_at(driver, app.base + "/", incidents)  # warm the caches and the server
        drawn_at(driver, app.base + "/bench/bare", incidents)
    ours, ours_heap, bare, bare_heap, rss = [], [], [], [], []
    for _ in range(REPEATS):
        ours.append(drawn_at(driver, app.base + "/", incidents))
        ours_heap.append(heap_mb(driver))
        rss.append(app.rss_mb())
        bare.append(drawn_at(driver, app.base + "/bench/bare", incidents))
        bare_heap.append(heap_mb(driver))
    return {"ours": ours, "ours_heap": ours_heap, "bare": bare, "bare_heap": bare_heap}


class Feed:
    """One event a second through the API, from a thread, while a window is watched."""

    def __init__(self, app: AppProcess, token: str, incidents: int) -> None:
        self.url = app.base + "/api/v1/events"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.incidents = incidents
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.sent = 0

    def run(self) -> None:
        """Post an update of one incident every second until stopped."""
        with requests.Session() as http:
            while not self.stopping.wait(1.0):
                n = self.sent * 7919 % self.incidents
                body = {
                    "source": "bench",
                    "event_id": f"feed-{time.time_ns()}",
                    "type": "incident.updated",
                    "occurred_at": datetime.now(UTC).isoformat(),
                    "incident_id": f"b{n}",
                    "incident": {"crowd_size": self.sent + 1},
                }
                http.post(self.url, json=body, headers=self.headers, timeout=30)
                self.sent += 1

    def __enter__(self) -> Feed:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)


def busy_ms_per_s(driver: Any) -> tuple[list[float], list[float]]:
    """Return main-thread task and script ms per second in three windows of WINDOW_S."""
    tasks, scripts = [], []
    for _ in range(3):
        before = metrics(driver)
        time.sleep(WINDOW_S)
        after = metrics(driver)
        tasks.append((after["TaskDuration"] - before["TaskDuration"]) * 1000 / WINDOW_S)
        scripts.append((after["ScriptDuration"] - before["ScriptDuration"]) * 1000 / WINDOW_S)
    return tasks, scripts


def post_to_drawn(app: AppProcess, driver: Any, token: str, incidents: int) -> list[float]:
    """Return ms from each POST of a new incident until the open page has drawn it."""
    drawn_at(driver, app.base + "/", incidents)
    samples = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for k in range(POSTS):
            time.sleep(0.37 * (k % 4))  # land at different points of the refresh cycle
            body = {
                "source": "bench",
                "event_id": f"drawn-{k}",
                "type": "incident.reported",
                "occurred_at": datetime.now(UTC).isoformat(),
                "incident_id": f"drawn-{k}",
                "incident": {
                    "kind": "protest",
                    "title": f"Drawn {k}",
                    "lat": 40.0 + k / 100,
                    "lon": -100.0,
                    "city": "los-angeles",
                },
            }
            start = time.perf_counter()
            assert http.post(app.base + "/api/v1/events", json=body).status_code == 200
            while driver.execute_script(DRAWN, incidents + k + 1) is None:
                time.sleep(0.02)
                if time.perf_counter() - start > 60:
                    raise TimeoutError("the new incident was not drawn")
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank) of samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    """Measure, print and save the browser figures."""
    with tempfile.TemporaryDirectory(prefix="headsup-bench-") as tmp:
        measure(Path(tmp))


def measure(folder: Path) -> None:
    """Fill stores in `folder`, then measure and save."""
    rows: list[dict[str, Any]] = []
    bare_is = "bare page: one scattermap of the same points, same offline style, same server"
    for incidents in SIZES:
        url, token, kiosk = prepared_store(folder, incidents)
        app = AppProcess(url, folder)
        try:
            rss = [app.rss_mb()]
            with chromium() as driver:
                browser_sign_in(driver, app.base, "bench")
                paints = first_paints(app, driver, incidents)
                rows += [
                    result(
                        f"first paint at {incidents:,}",
                        "ms",
                        spread(paints["ours"]),
                        spread(paints["bare"]),
                        bare_is,
                        higher_is_better=False,
                    ),
                    result(
                        f"JS heap after first paint at {incidents:,}",
                        "MB",
                        spread(paints["ours_heap"]),
                        spread(paints["bare_heap"]),
                        bare_is,
                        higher_is_better=False,
                    ),
                ]
                if incidents == SIZES[-1]:
                    rows += memory_rows(app, driver, incidents, rss)
                if incidents == WATCHED or len(SIZES) == 1:
                    rows += live_rows(app, driver, token, kiosk, incidents, bare_is)
        finally:
            app.stop()
        # Saved after each size, so a run cut short keeps what it measured.
        save("browser", "Browser (headless Chromium, DevTools protocol)", rows)


def memory_rows(
    app: AppProcess, driver: Any, incidents: int, rss: list[float]
) -> list[dict[str, Any]]:
    """Load `/` until six loads in all; return server RSS after the first and the sixth."""
    loads = (0 if TINY else 1) + REPEATS  # first_paints' warm-up and measured loads
    after: list[float] = []
    while loads < PAGE_LOADS:
        drawn_at(driver, app.base + "/", incidents)
        after.append(app.rss_mb())
        loads += 1
    after.append(app.rss_mb())
    start = (rss[0], 0.0)
    case = f"server RSS after {PAGE_LOADS} page loads at {incidents:,}"
    return [result(case, "MB", (after[-1], 0.0), start, "the same server at start", False)]


def live_rows(
    app: AppProcess, driver: Any, token: str, kiosk: str, incidents: int, bare_is: str
) -> list[dict[str, Any]]:
    """Return main-thread busy ms/s on `/`, the wall and the bare page, and POST → drawn.

    A tiny run (the test's) only checks POST → drawn: the watched windows and the wall's
    second browser took most of its minutes and test nothing the full run does not.
    """
    if TINY:
        return _drawn_rows(post_to_drawn(app, driver, token, incidents), incidents)
    drawn_at(driver, app.base + "/bench/bare", incidents)
    bare_tasks, _ = busy_ms_per_s(driver)
    drawn_at(driver, app.base + "/", incidents)
    with Feed(app, token, incidents):
        ops_tasks, ops_scripts = busy_ms_per_s(driver)
    with chromium() as wall:
        drawn_at(wall, f"{app.base}/wall?token={kiosk}", incidents)
        with Feed(app, token, incidents):
            wall_tasks, _ = busy_ms_per_s(wall)
    drawn = post_to_drawn(app, driver, token, incidents)
    idle = "the bare page, idle, over the same windows"
    watch = f"{incidents:,}, 1 event/s, {3 * WINDOW_S} s"
    return [
        result(
            f"main thread on / at {watch}",
            "ms/s",
            spread(ops_tasks),
            spread(bare_tasks),
            idle,
            higher_is_better=False,
        ),
        result(f"script on / at {watch}", "ms/s", spread(ops_scripts)),
        result(
            f"main thread on the wall at {watch}",
            "ms/s",
            spread(wall_tasks),
            spread(bare_tasks),
            idle,
            higher_is_better=False,
        ),
        *_drawn_rows(drawn, incidents),
    ]


def _drawn_rows(drawn: list[float], incidents: int) -> list[dict[str, Any]]:
    """Return the POST → drawn rows: median and 95th percentile."""
    return [
        result(
            f"POST → drawn p50 at {incidents:,}, {REFRESH_MS} ms refresh",
            "ms",
            (percentile(drawn, 50), 0.0),
        ),
        result(
            f"POST → drawn p95 at {incidents:,}, {REFRESH_MS} ms refresh",
            "ms",
            (percentile(drawn, 95), 0.0),
        ),
    ]


if __name__ == "__main__":
    main()

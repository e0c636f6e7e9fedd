"""Load run on 127.0.0.1: walls ticking, an operator acting and a feed posting, into gunicorn.

    python -m benchmarks.load                      # the issue's full run: 500 walls, 10 minutes
    python -m benchmarks.load --walls 50 --events-per-s 20 --duration 30

Two gunicorn workers (the repo's gunicorn.conf.py) on a throwaway PostgreSQL database
and Redis. Reports p50/p99 per route, errors, events lost (every acknowledged event is
looked up in the store), and the workers' RSS at start and end, as JSON in
benchmarks/results/load/ and a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import requests
from sqlalchemy import func, select

from benchmarks.load_clients import Feed, Recorder, Wall, run_operator, run_walls
from dashboard import ids
from dashboard.security.accounts import add_user
from dashboard.security.kiosks import create_kiosk
from dashboard.store import Store
from dashboard.store.schema import events
from tests.auth import PASSWORD, form_csrf
from tests.databases import throwaway_postgres
from tests.reliability.ledger import stored_counts
from tests.reliability.servers import ServerProcess, prepared_store, server_env
from tests.security.forge import forged_body

RESULTS = Path(__file__).resolve().parent / "results" / "load"
ACTION = "ops-action-status.children"


@dataclass
class Plan:
    """What the run asks for."""

    walls: int = 500
    period_s: float = 1.0
    actions_per_min: float = 50.0
    events_per_s: float = 200.0
    duration_s: float = 600.0
    workers: int = 2
    client_threads: int = 48
    redis_url: str = os.environ.get("HEADSUP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    database_url: str = ""  # empty: a throwaway database on the local PostgreSQL


@contextmanager
def throwaway_database(url: str) -> Iterator[str]:
    """Yield the given database, or a fresh one on the local PostgreSQL dropped afterwards."""
    if url:
        yield url
        return
    with throwaway_postgres("headsup_load") as fresh:
        yield fresh


def callbacks(url: str, session: requests.Session) -> tuple[str, Any]:
    """Return the wall tick's output key and a maker of operator-action bodies.

    Both come from `/_dash-dependencies`, the callback list dash-renderer loads too.
    """
    listed = session.get(f"{url}/_dash-dependencies", timeout=30).json()
    served = {
        d["output"]: {**d, "callback": True} for d in listed if not d.get("clientside_function")
    }
    app = SimpleNamespace(callback_map=served)  # what forged_body reads of a Dash app
    wall_key = next(k for k in served if k.startswith(".." + ids.WALL_MAP))
    return wall_key, lambda incident: forged_body(app, ACTION, incident)


def rss_kb(pids: list[int]) -> list[int]:
    """Return each process's resident set size in KiB."""
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(
            int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        )
    return sizes


def signed_in_operator(url: str) -> requests.Session:
    """Return a session signed in through the login form as the load operator."""
    session = requests.Session()
    page = session.get(f"{url}/login", timeout=30).text
    data = {"csrf": form_csrf(page), "username": "load-operator", "password": PASSWORD}
    assert session.post(f"{url}/login", data=data, timeout=30).status_code == 200
    return session


def open_walls(url: str, kiosk: str, count: int, threads: int) -> list[Wall]:
    """Open the kiosk link once per wall: each gets a read-only session of its own."""

    def open_one(_n: int) -> Wall:
        session = requests.Session()
        answer = session.get(f"{url}/wall?token={kiosk}", timeout=120)
        assert answer.status_code == 200, answer.text[:200]
        return Wall(session)

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(open_one, range(count)))


def percentiles(values: list[float]) -> dict[str, float]:
    """Return count, p50, p99 and max, in milliseconds."""
    if not values:
        return {"count": 0}
    cuts = (
        statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    )
    return {
        "count": len(values),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def run(plan: Plan, label: str = "load", results: Path = RESULTS) -> dict[str, Any]:
    """Run the plan and return the report (also written as results/<label>.json)."""
    with (
        throwaway_database(plan.database_url) as database_url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = _run(plan, database_url, Path(tmp), label)
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{label}.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def _run(plan: Plan, database_url: str, tmp: Path, label: str) -> dict[str, Any]:
    token = prepared_store(database_url, ["load-feed-a", "load-feed-b"], plan.redis_url)
    store = Store.open(database_url, migrate=False)
    add_user(store.engine, "load-operator", "operator", PASSWORD, "load", "load")
    kiosk = create_kiosk(store.engine, "load-walls", [], "load", "load")
    env = server_env(
        database_url, tmp, plan.redis_url, HEADSUP_LOGIN_RATE_LIMIT="1000000 per minute"
    )
    server = ServerProcess("gunicorn", env, tmp / "server.log", plan.workers).start()
    rec = Recorder()
    try:
        feeds = [
            Feed(server.url, token, s, plan.events_per_s / 2)
            for s in ("load-feed-a", "load-feed-b")
        ]
        Feed.run(feeds[0], rec, time.monotonic() + 2, batches_per_s=2)  # incidents for the walls
        operator = signed_in_operator(server.url)
        wall_key, action_body = callbacks(server.url, operator)
        walls = open_walls(server.url, kiosk, plan.walls, plan.client_threads)
        rss_start = rss_kb(server.worker_pids())
        started = time.monotonic()
        until = started + plan.duration_s
        actions: list[int] = []
        threads = [threading.Thread(target=f.run, args=(rec, until)) for f in feeds]
        threads.append(
            threading.Thread(
                target=lambda: actions.append(
                    run_operator(
                        operator,
                        server.url,
                        lambda: action_body(feeds[0].incidents[0]),
                        plan.actions_per_min,
                        rec,
                        until,
                    )
                )
            )
        )
        for thread in threads:
            thread.start()
        run_walls(walls, server.url, wall_key, rec, plan.period_s, until, plan.client_threads)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        rss_end = rss_kb(server.worker_pids())
    finally:
        server.stop()
    acknowledged = [k for f in feeds for k in f.acknowledged]
    counts = stored_counts(store.engine, "load-feed")
    with store.engine.connect() as conn:
        notes = conn.execute(
            select(func.count()).where(events.c.source == "operator:load-operator")
        ).scalar_one()
    store.close()
    report = {
        "label": label,
        "plan": {k: v for k, v in asdict(plan).items() if k not in ("database_url", "redis_url")},
        "elapsed_s": round(elapsed, 1),
        "routes": {route: percentiles(values) for route, values in sorted(rec.latencies.items())},
        "errors": {route: len(found) for route, found in rec.errors.items()},
        "error_samples": {route: found[:3] for route, found in rec.errors.items()},
        "error_kinds": {
            route: dict(Counter(e.split()[0] for e in found)) for route, found in rec.errors.items()
        },
        "events_acknowledged": len(acknowledged),
        "events_lost": sum(1 for k in acknowledged if counts[k] != 1),
        "events_per_s_achieved": round(len(acknowledged) / elapsed, 1),
        "operator_actions": actions[0] if actions else 0,
        "operator_events_stored": notes,
        "wall_ticks_per_s_achieved": round(len(rec.latencies["wall tick"]) / elapsed, 1),
        "wall_ticks_late": sum(w.late for w in walls),
        "reconnects": rec.reconnects,
        "worker_rss_mib_start": [round(k / 1024, 1) for k in rss_start],
        "worker_rss_mib_end": [round(k / 1024, 1) for k in rss_end],
    }
    return report


def table(report: dict[str, Any]) -> str:
    """Render the report as a short Markdown table."""
    lines = [
        "| Route | Requests | p50 ms | p99 ms | max ms | Errors |",
        "|---|---|---|---|---|---|",
    ]
    for route, cut in report["routes"].items():
        lines.append(
            f"| {route} | {cut['count']} | {cut.get('p50_ms')} | {cut.get('p99_ms')} | "
            f"{cut.get('max_ms')} | {report['errors'].get(route, 0)} |"
        )
    plan = report["plan"]
    lines.append("")
    lines.append(
        f"{plan['walls']} walls at {plan['period_s']} s, {plan['actions_per_min']} actions/min, "
        f"{plan['events_per_s']} events/s asked, {report['elapsed_s']} s: "
        f"{report['wall_ticks_per_s_achieved']} ticks/s and {report['events_per_s_achieved']} "
        f"events/s achieved, {report['wall_ticks_late']} late ticks, {report['events_lost']} of "
        f"{report['events_acknowledged']} acknowledged events lost; worker RSS "
        f"{report['worker_rss_mib_start']} -> {report['worker_rss_mib_end']} MiB."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print the table; exit 1 on any error or lost event."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    defaults = Plan()
    for name in (
        "walls",
        "period_s",
        "actions_per_min",
        "events_per_s",
        "duration_s",
        "workers",
        "client_threads",
        "redis_url",
        "database_url",
    ):
        value = getattr(defaults, name)
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--label", default="load")
    args = vars(parser.parse_args(argv))
    label = args.pop("label")
    report = run(Plan(**args), label)
    print(table(report))
    return 1 if sum(report["errors"].values()) or report["events_lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

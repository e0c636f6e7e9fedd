"""The simulated clients of the load run: walls ticking, a feed posting events, an operator."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from dashboard import ids
from dashboard.callbacks.wall import TICK_OUTPUTS
from tests.dash_requests import callback_body

GUARD_S = 30.0  # a request slower than this counts as an error


@dataclass
class Recorder:
    """Latencies and failures per route, shared by every client thread."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    reconnects: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, route: str, send: Any, ok: tuple[int, ...] = (200,)) -> Any:
        """Time one request; record it, and any status outside `ok` or exception, per route."""
        start = time.perf_counter()
        try:
            try:
                answer = send()
            except requests.ConnectionError:
                # The server closed an idle keep-alive connection as we reused it: like a
                # browser, send once more on a new one (a dead server fails this too).
                with self.lock:
                    self.reconnects += 1
                answer = send()
        except requests.RequestException as exc:
            with self.lock:
                self.errors[route].append(type(exc).__name__)
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latencies[route].append(elapsed)
            if answer.status_code not in ok:
                self.errors[route].append(f"{answer.status_code} {answer.text[:120]}")
                return None
        return answer


@dataclass
class Wall:
    """One wall display: its kiosk session, and the seq and state its last answer gave."""

    session: requests.Session
    n: int = 0
    seq: Any = None
    state: Any = None
    late: int = 0  # ticks that could not start on time (the previous one still running)


def wall_body(wall: Wall, output_key: str) -> dict[str, Any]:
    """Return the wall's next paced tick, as dash-renderer posts it."""
    wall.n += 1
    body = callback_body(
        TICK_OUTPUTS,
        [(ids.WALL_ASK, "data", {"n": wall.n}), (ids.WALL_VIEWPORT, "data", 1920)],
        [
            (ids.WALL_SEQ, "data", wall.seq),
            (ids.WALL_STATE, "data", wall.state),
            ("url", "search", ""),
        ],
    )
    body["output"] = output_key
    return body


def tick(wall: Wall, url: str, output_key: str, rec: Recorder) -> None:
    """Tick once and keep what the answer changed, like the browser's stores."""
    body = wall_body(wall, output_key)
    answer = rec.call(
        "wall tick",
        lambda: wall.session.post(f"{url}/_dash-update-component", json=body, timeout=GUARD_S),
    )
    if answer is None:
        return
    changed = answer.json().get("response", {})
    if ids.WALL_SEQ in changed:
        wall.seq = changed[ids.WALL_SEQ]["data"]
        wall.state = changed[ids.WALL_STATE]["data"]


def run_walls(
    walls: list[Wall],
    url: str,
    output_key: str,
    rec: Recorder,
    period_s: float,
    until: float,
    threads: int,
) -> None:
    """Tick every wall each `period_s` until `until`, from a pool of threads sharing a schedule."""
    start = time.monotonic()
    order = itertools.count()
    due = [(start + period_s * i / len(walls), next(order), w) for i, w in enumerate(walls)]
    heapq.heapify(due)
    ready = threading.Condition()

    def worker() -> None:
        while True:
            with ready:
                ready.wait_for(lambda: bool(due))
                when, _, wall = heapq.heappop(due)
                if when >= until:  # put it back so the other threads see the end too
                    heapq.heappush(due, (when, next(order), wall))
                    ready.notify_all()
                    return
            pause = when - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            tick(wall, url, output_key, rec)
            now = time.monotonic()
            following = when + period_s
            if following < now:  # the answer came after the next tick was due
                wall.late += 1
                following = now
            with ready:
                heapq.heappush(due, (following, next(order), wall))
                ready.notify()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


@dataclass
class Feed:
    """A sender posting batches at a fixed rate; it remembers every acknowledged event."""

    url: str
    token: str
    source: str
    events_per_s: float
    new_incident_every: int = 20
    acknowledged: list[tuple[str, str]] = field(default_factory=list)
    count: int = 0
    incidents: list[str] = field(default_factory=list)

    def next_event(self) -> dict[str, Any]:
        self.count += 1
        now = datetime.now(UTC) - timedelta(seconds=1)
        base = {
            "source": self.source,
            "event_id": f"{self.source}-{self.count}",
            "occurred_at": now.isoformat(),
        }
        if not self.incidents or self.count % self.new_incident_every == 0:
            incident_id = f"{self.source}-inc-{self.count}"
            self.incidents = [*self.incidents[-49:], incident_id]
            report = {
                "kind": ("operation", "staging", "protest")[self.count % 3],
                "title": f"Load {self.count}",
                "lat": 34.0 + (self.count % 40) / 100,
                "lon": -118.3 + (self.count % 30) / 100,
                "city": "los-angeles",
                "started_at": now.isoformat(),
            }
            return {
                **base,
                "type": "incident.reported",
                "incident_id": incident_id,
                "incident": report,
            }
        incident_id = self.incidents[self.count % len(self.incidents)]
        kind = ("notification.sent", "notification.acknowledged", "unit.on_scene")[self.count % 3]
        return {
            **base,
            "type": kind,
            "incident_id": incident_id,
            "agency": ("lapd", "lasd")[self.count % 2],
        }

    def run(self, rec: Recorder, until: float, batches_per_s: float = 5.0) -> None:
        """Post `events_per_s / batches_per_s` events every 1/batches_per_s seconds."""
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        size = max(1, round(self.events_per_s / batches_per_s))
        when = time.monotonic()
        while when < until and time.monotonic() < until:
            batch = [self.next_event() for _ in range(size)]
            answer = rec.call(
                "POST /api/v1/events",
                lambda b=batch: session.post(
                    f"{self.url}/api/v1/events",
                    json={"events": b},
                    headers=headers,
                    timeout=GUARD_S,
                ),
            )
            if answer is not None:
                self.acknowledged += [(e["source"], e["event_id"]) for e in batch]
            else:  # maybe not stored: forget its new incidents so later steps stay valid
                lost = {e["incident_id"] for e in batch if e["type"] == "incident.reported"}
                self.incidents = [i for i in self.incidents if i not in lost]
            when += 1 / batches_per_s
            time.sleep(max(0.0, when - time.monotonic()))


def run_operator(
    session: requests.Session, url: str, bodies: Any, per_min: float, rec: Recorder, until: float
) -> int:
    """Record `per_min` operator actions a minute through the action callback; return 200s."""
    done = 0
    when = time.monotonic()
    while when < until and time.monotonic() < until:
        body = bodies()
        answer = rec.call(
            "operator action",
            lambda body=body: session.post(
                f"{url}/_dash-update-component", json=body, timeout=GUARD_S
            ),
        )
        done += answer is not None
        when += 60.0 / per_min
        time.sleep(max(0.0, when - time.monotonic()))
    return done

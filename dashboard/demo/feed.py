"""Seed the demo scenario and keep it moving through the same write path as real input."""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from dashboard.demo.places import jurisdiction_features
from dashboard.demo.scenario import AGENCIES, scenario_arrivals
from dashboard.ingest.models import Event
from dashboard.reference.files import read_feature
from dashboard.reference.writes import put_agencies, put_jurisdictions
from dashboard.store import EventsRejected, Store
from dashboard.store.engine import write_transaction
from dashboard.store.queries import latest_seq
from dashboard.store.schema import incidents, leases

log = logging.getLogger(__name__)
LEASE = "demo-feed"
DEMO_AUTHOR = "demo"
# The demo region is the setting of its scenario, which is timed hours before start-up:
# recorded as in force long before, so replay and reports of that history see its
# agencies (read/reference_history.py undoes every change made after the time shown).
DEMO_REFERENCE_SINCE = datetime(2000, 1, 1, tzinfo=UTC)
CROWD_SPOTS = {
    "los-angeles": (34.0470, -118.2460, "lapd", "lapd-cad"),
    "paramount": (33.8890, -118.1620, "lasd", "lasd-cad"),
    "chicago": (41.8800, -87.6300, "cpd", "chicago-oemc"),
    "portland": (45.5100, -122.6750, "ppb", "ppb-cad"),
}
# Degrees a new protest may lie from its city's spot: Paramount's limits are only about
# 2 km from its centre, and a protest said to be in a city must be drawn inside it.
SPREAD = {"paramount": 0.01}


def seed_reference_data(store: Store) -> None:
    """Insert or refresh the demo jurisdictions and agencies; unchanged rows stay as they are."""
    rows = []
    for index, feature in enumerate(jurisdiction_features()):
        row, problems = read_feature(feature, f"demo[{index}]")
        if row is None:
            raise ValueError(f"demo jurisdiction refused: {problems}")
        rows.append(row)
    with write_transaction(store.engine) as conn:
        put_jurisdictions(conn, rows, DEMO_AUTHOR, DEMO_REFERENCE_SINCE)
        put_agencies(conn, AGENCIES, DEMO_AUTHOR, DEMO_REFERENCE_SINCE)


def seed_scenario(store: Store, now: datetime | None = None) -> int:
    """Write the scenario into an empty log, each event at its own receive time; return how many."""
    seed_reference_data(store)
    if store.latest_seq() > 0:
        return 0
    arrivals = scenario_arrivals(now or datetime.now(UTC))
    try:
        return store.seed_received([e for e, _ in arrivals], [t for _, t in arrivals]).accepted
    except EventsRejected as exc:
        if exc.conflict:  # another worker seeded it a moment earlier, with its own clock
            return 0
        raise
    except ValueError:  # another worker's seed, newer than ours, landed in between
        with store.engine.connect() as conn:
            if latest_seq(conn) > 0:
                return 0
        raise


class DemoFeed:
    """Every few seconds, one plausible event: a new protest, a crowd change, an arrival."""

    def __init__(self, store: Store, interval_s: float, seed: int | None = None) -> None:
        self.store = store
        self.interval_s = interval_s
        self.random = random.Random(seed)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._stop = threading.Event()

    def start(self) -> threading.Thread:
        """Run the feed in a daemon thread."""
        thread = threading.Thread(target=self._run, name="demo-feed", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Ask the feed thread to end after its current step."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                if self._hold_lease():
                    self.step()
            except Exception:  # The feed must never take the server down with it.
                log.exception("demo feed step failed")

    def _hold_lease(self) -> bool:
        """Take or renew the lease, so one process of many runs the feed."""
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=self.interval_s * 3)
        with write_transaction(self.store.engine) as conn:
            row = conn.execute(select(leases).where(leases.c.name == LEASE)).first()
            if row is None:
                conn.execute(
                    leases.insert().values(name=LEASE, holder=self.holder, expires_at=expires)
                )
                return True
            if row.holder != self.holder and row.expires_at > now:
                return False
            conn.execute(
                update(leases)
                .where(leases.c.name == LEASE)
                .values(holder=self.holder, expires_at=expires)
            )
            return True

    def step(self) -> Event:
        """Write one feed event and return it."""
        event = self.next_event(datetime.now(UTC))
        self.store.append([event])
        return event

    def next_event(self, now: datetime) -> Event:
        """Choose the next event from the current state of the feed's own protests."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(incidents.c.id, incidents.c.city, incidents.c.crowd_size, incidents.c.status)
                .where(incidents.c.id.like("feed-%"), incidents.c.status != "closed")
                .order_by(incidents.c.first_seq)
            ).all()
        if len(rows) >= 8:
            return self._event(now, "incident.closed", rows[0].id, rows[0].city)
        if not rows or self.random.random() < 0.3:
            return self._new_protest(now)
        row = self.random.choice(rows)
        if self.random.random() < 0.5:
            crowd = max(10, int((row.crowd_size or 50) * self.random.uniform(0.7, 1.6)))
            return self._event(
                now, "incident.updated", row.id, row.city, incident={"crowd_size": crowd}
            )
        if row.status == "active" and self.random.random() < 0.3:
            return self._event(
                now, "incident.updated", row.id, row.city, incident={"status": "contained"}
            )
        step = self.random.choice(["unit.dispatched", "unit.en_route", "unit.on_scene"])
        return self._event(now, step, row.id, row.city, agency=CROWD_SPOTS[row.city][2])

    def _new_protest(self, now: datetime) -> Event:
        city = self.random.choice(sorted(CROWD_SPOTS))
        lat, lon, _agency, _source = CROWD_SPOTS[city]
        spread = SPREAD.get(city, 0.03)
        incident = {
            "kind": "protest",
            "status": "active",
            "title": "Demonstration (demo feed)",
            "lat": round(lat + self.random.uniform(-spread, spread), 5),
            "lon": round(lon + self.random.uniform(-spread, spread), 5),
            "city": city,
            "started_at": now,
            "crowd_size": self.random.randint(20, 300),
        }
        return self._event(
            now, "incident.reported", f"feed-{uuid.uuid4().hex[:10]}", city, incident=incident
        )

    @staticmethod
    def _event(
        now: datetime,
        event_type: str,
        incident_id: str,
        city: str,
        agency: str | None = None,
        incident: dict | None = None,
    ) -> Event:
        return Event.model_validate(
            {
                "source": CROWD_SPOTS[city][3],
                "event_id": f"feed-{uuid.uuid4().hex}",
                "type": event_type,
                "occurred_at": now,
                "incident_id": incident_id,
                "agency": agency,
                "incident": incident,
            }
        )

"""A Hypothesis state machine: after every append, the projection and picture equal a rebuild."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from dashboard.domain import STEP_BY_EVENT
from dashboard.ingest.models import Event
from dashboard.read.picture import Picture
from dashboard.store import Store
from dashboard.store.schema import incidents, step_claims
from tests.reliability.ledger import assert_projection_equals_rebuild

# Modest for CI; HEADSUP_REL_STATE_EXAMPLES=200 for a deep run.
STATE_SETTINGS = settings(
    max_examples=int(os.environ.get("HEADSUP_REL_STATE_EXAMPLES", "6")),
    stateful_step_count=int(os.environ.get("HEADSUP_REL_STATE_STEPS", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SOURCES = ["lapd-cad", "ice-ero", "operator:a"]
AGENCIES = ["lapd", "lasd", "cpd"]
STEP_TYPES = sorted(STEP_BY_EVENT)
# Recent enough to be on the live picture, far enough back for late events before it.
BASE = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
minutes = st.integers(0, 150)


class LogMachine(RuleBasedStateMachine):
    """Append events of every kind, in any order; the projection never drifts from the log."""

    store: Store  # set by the test before it runs the machine
    incidents = Bundle("incidents")
    claims = Bundle("claims")

    def __init__(self) -> None:
        super().__init__()
        with self.store.engine.begin() as conn:
            for table in ("step_claims", "superseded_events", "incidents", "events"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
        self.picture = Picture(self.store)
        self.appended: list[Event] = []
        self.count = 0
        # A model kept beside the store: incident events by incident, last claim by key.
        self.history: dict[str, list[Event]] = {}
        self.last_claim: dict[tuple[str, str, str, str], str] = {}

    def append(self, event_type: str, incident_id: str, minute: int, **fields: Any) -> Event:
        self.count += 1
        event = Event.model_validate(
            {
                "source": fields.pop("source", SOURCES[0]),
                "event_id": f"ev-{self.count}",
                "type": event_type,
                "occurred_at": BASE + timedelta(minutes=minute),
                "incident_id": incident_id,
                **fields,
            }
        )
        result = self.store.append([event])
        assert (result.accepted, result.duplicates) == (1, 0)
        self.appended.append(event)
        if event.type in STEP_BY_EVENT:
            key = (incident_id, str(event.agency), STEP_BY_EVENT[event.type], event.source)
            self.last_claim[key] = event.event_id
        elif event.type.startswith("incident."):
            self.history.setdefault(incident_id, []).append(event)
        return event

    @initialize(target=incidents)
    def first_report(self) -> str:
        return self.report(0, "operation", 0)

    @rule(target=incidents, minute=minutes, kind=st.sampled_from(["operation", "protest"]),
          city=st.integers(0, 1))  # fmt: skip
    def report(self, minute: int, kind: str, city: int) -> str:
        incident_id = f"inc-{self.count}"
        where = ({"city": "los-angeles", "lat": 34.05, "lon": -118.24},
                 {"city": "chicago", "lat": 41.88, "lon": -87.63})[city]  # fmt: skip
        self.append("incident.reported", incident_id, minute,
                    incident={"kind": kind, "title": f"T{minute}", **where})  # fmt: skip
        return incident_id

    @rule(incident=incidents, minute=minutes, status=st.sampled_from(["active", "contained"]),
          crowd=st.integers(0, 9000), source=st.sampled_from(SOURCES))  # fmt: skip
    def update(self, incident: str, minute: int, status: str, crowd: int, source: str) -> None:
        fields = {"status": status, "crowd_size": crowd, "title": f"U{minute}"}
        self.append("incident.updated", incident, minute, incident=fields, source=source)

    @rule(target=claims, incident=incidents, minute=minutes, kind=st.sampled_from(STEP_TYPES),
          agency=st.sampled_from(AGENCIES), source=st.sampled_from(SOURCES))  # fmt: skip
    def claim(self, incident: str, minute: int, kind: str, agency: str, source: str) -> Event:
        return self.append(kind, incident, minute, agency=agency, source=source)

    @rule(claim=consumes(claims), minute=minutes)
    def correct(self, claim: Event, minute: int) -> None:
        """Supersede a claim by its own source (the correction a sender makes)."""
        self.append(claim.type, claim.incident_id, minute, agency=claim.agency,
                    source=claim.source, data={"supersedes": claim.event_id})  # fmt: skip

    @rule(incident=incidents, minute=minutes)
    def close(self, incident: str, minute: int) -> None:
        self.append("incident.closed", incident, minute)

    @rule(incident=incidents, kind=st.sampled_from(["incident.updated", *STEP_TYPES]))
    def late(self, incident: str, kind: str) -> None:
        """Arrive after everything else but say it happened before all of it."""
        extra = (
            {"incident": {"crowd_size": 1}} if kind == "incident.updated" else {"agency": "lapd"}
        )
        self.append(kind, incident, -30, **extra)

    @rule(data=st.data())
    def duplicate(self, data: st.DataObject) -> None:
        again = data.draw(st.sampled_from(self.appended))
        result = self.store.append([again])
        assert (result.accepted, result.duplicates) == (0, 1)

    @invariant()
    def projection_follows_when_things_happened_not_arrival(self) -> None:
        with self.store.engine.connect() as conn:
            columns = (
                incidents.c.id,
                incidents.c.status,
                incidents.c.crowd_size,
                incidents.c.title,
            )
            rows = conn.execute(select(*columns)).all()
            claims = conn.execute(select(step_claims)).mappings().all()
        assert {r.id: (r.status, r.crowd_size, r.title) for r in rows} == {
            incident_id: expected_incident(events) for incident_id, events in self.history.items()
        }
        assert {
            (c["incident_id"], c["agency_id"], c["step"], c["source"]): c["event_id"]
            for c in claims
        } == self.last_claim

    @invariant()
    def picture_and_projection_equal_a_rebuild(self) -> None:
        self.picture.sync()
        assert self.picture.seq == self.store.latest_seq()
        assert assert_projection_equals_rebuild(self.store.engine) == len(self.appended)
        fresh = Picture(self.store)
        fresh.sync()
        assert comparable(self.picture.incidents) == comparable(fresh.incidents)
        assert comparable(self.picture.claims) == comparable(fresh.claims)


def expected_incident(events: list[Event]) -> tuple[str, int | None, str]:
    """Fold an incident's events in the order they happened: (status, crowd size, title).

    Fields belong to the source of the first report (in time order); another source's
    update or close is a conflict, not applied, unless it is the command center's.
    """
    status, crowd, title = "active", None, ""
    ordered = sorted(events, key=lambda e: (e.occurred_at, e.source, e.event_id))
    owner = next(e.source for e in ordered if e.type == "incident.reported")
    for event in ordered:
        if event.source != owner and not event.source.startswith("operator:"):
            continue
        fields = event.incident.model_dump(exclude_none=True) if event.incident else {}
        status = fields.get("status", status)
        crowd = fields.get("crowd_size", crowd)
        title = fields.get("title", title)
        if event.type == "incident.closed":
            status = "closed"
    return status, crowd, title


def comparable(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a frame's rows as plain sorted records (missing values as None)."""
    rows = frame.reset_index(drop=True).astype(object).where(frame.notna().to_numpy(), None)
    records = rows.to_dict("records")
    for row in records:
        if isinstance(row.get("notified"), list):
            row["notified"] = sorted(row["notified"])
    return sorted(records, key=lambda r: [str(r[k]) for k in sorted(r)])


def test_rel120_projection_and_picture_equal_a_rebuild_after_every_step(store: Store) -> None:
    LogMachine.store = store
    run_state_machine_as_test(LogMachine, settings=STATE_SETTINGS)

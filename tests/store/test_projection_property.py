"""Rebuilding the projection from the log gives exactly the stored projection."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ingest.models import Event
from dashboard.store import Store, queries
from dashboard.store.projection import rebuild
from tests.factories import at

AGENCIES = ["lapd", "lasd", "cpd"]
SOURCES = ["lapd-cad", "ice-ero", "operator:a"]
STEP_EVENTS = [
    "notification.sent",
    "notification.acknowledged",
    "assistance.requested",
    "unit.on_scene",
    "note.added",
]


@st.composite
def event_logs(draw: st.DrawFn) -> list[Event]:
    """Draw a plausible log: reports first per incident, then updates and steps."""
    events: list[Event] = []
    for n in range(draw(st.integers(1, 3))):
        incident_id = f"inc-{n}"
        events.append(
            Event(
                source="seed",
                event_id=f"r{n}",
                type="incident.reported",
                occurred_at=at(draw(st.integers(0, 60))),
                incident_id=incident_id,
                incident={
                    "kind": "protest",
                    "title": f"P{n}",
                    "lat": 34.0,
                    "lon": -118.0,
                    "city": "los-angeles",
                },
            )
        )
        for k in range(draw(st.integers(0, 6))):
            source = draw(st.sampled_from(SOURCES))
            minute = draw(st.integers(-30, 180))
            if draw(st.booleans()):
                fields = {
                    "status": draw(st.sampled_from(["active", "contained"])),
                    "crowd_size": draw(st.integers(0, 5000)),
                }
                events.append(
                    Event(
                        source=source,
                        event_id=f"u{n}-{k}",
                        type="incident.updated",
                        occurred_at=at(minute),
                        incident_id=incident_id,
                        incident=fields,
                    )
                )
            else:
                event_type = draw(st.sampled_from(STEP_EVENTS))
                events.append(
                    Event(
                        source=source,
                        event_id=f"s{n}-{k}",
                        type=event_type,
                        occurred_at=at(minute),
                        incident_id=incident_id,
                        agency=draw(st.sampled_from(AGENCIES)),
                    )
                )
    return events


def snapshot(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    with store.engine.connect() as conn:
        incidents = queries.incidents_frame(conn).sort_values("id").reset_index(drop=True)
        claims = (
            queries.claims_frame(conn)
            .sort_values(["incident_id", "agency_id", "step", "source"])
            .reset_index(drop=True)
        )
    return incidents, claims


def stable(incidents: pd.DataFrame, claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop arrival-order columns (seqs) to compare states reached by different orders."""
    return (incidents.drop(columns=["first_seq", "last_seq"]), claims.drop(columns=["seq"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(log=event_logs(), data=st.data())
def test_prj001_rebuild_equals_incremental_whatever_the_arrival(store: Store, log, data) -> None:
    with store.engine.begin() as conn:
        for table in ("step_claims", "incidents", "events"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    reports = [e for e in log if e.type == "incident.reported"]
    rest = data.draw(st.permutations([e for e in log if e.type != "incident.reported"]))
    resent = data.draw(st.lists(st.sampled_from(log), max_size=4))
    # Reports must arrive first (anything else is refused); the rest in any order, with resends.
    for event in [*reports, *rest, *resent]:
        store.append([event])
    incremental = snapshot(store)
    rebuild(store.engine)
    pd.testing.assert_frame_equal(incremental[0], snapshot(store)[0])
    pd.testing.assert_frame_equal(incremental[1], snapshot(store)[1])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(log=event_logs(), data=st.data())
def test_prj002_incident_state_does_not_depend_on_arrival_order(store: Store, log, data) -> None:
    """Two arrival orders of the same events reach the same incidents."""
    reports = [e for e in log if e.type == "incident.reported"]
    updates = [e for e in log if e.type == "incident.updated"]
    shuffled = data.draw(st.permutations(updates))
    states = []
    for order in (updates, shuffled):
        with store.engine.begin() as conn:
            for table in ("step_claims", "incidents", "events"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
        for event in [*reports, *order]:
            store.append([event])
        states.append(stable(*snapshot(store))[0])
    pd.testing.assert_frame_equal(states[0], states[1])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(log=event_logs(), data=st.data())
def test_prj003_batched_append_equals_event_by_event(store: Store, log, data) -> None:
    """Batches of any split (the batched projection) reach what a replay one by one does."""
    with store.engine.begin() as conn:
        for table in ("step_claims", "superseded_events", "incidents", "events"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    reports = [e for e in log if e.type == "incident.reported"]
    rest = data.draw(st.permutations([e for e in log if e.type != "incident.reported"]))
    steps = [e for e in rest if e.type in STEP_EVENTS]
    if steps:  # a correction, in the same batch or a later one, of one of its source's steps
        old = data.draw(st.sampled_from(steps))
        rest.append(
            old.model_copy(update={"event_id": f"fix-{old.event_id}",
                                   "data": {"supersedes": old.event_id}})
        )  # fmt: skip
    ordered = [*reports, *rest]
    cuts = sorted(data.draw(st.lists(st.integers(1, len(ordered)), max_size=4, unique=True)))
    for start, end in zip([0, *cuts], [*cuts, len(ordered)], strict=True):
        if start < end:
            store.append(ordered[start:end])
    batched = snapshot(store)
    rebuild(store.engine)
    pd.testing.assert_frame_equal(batched[0], snapshot(store)[0])
    pd.testing.assert_frame_equal(batched[1], snapshot(store)[1])

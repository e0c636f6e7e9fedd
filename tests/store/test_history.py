"""The picture at a past time, rebuilt from the log, as it happened and as it was known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.demo.feed import seed_scenario
from dashboard.ingest.models import Event
from dashboard.read.history import picture_at
from dashboard.read.picture import history_frames
from dashboard.store import Store
from tests.factories import at, reported, step, updated
from tests.store.test_projection_property import event_logs

LATER = at(24 * 60)


def assert_same_picture(
    got: tuple[pd.DataFrame, pd.DataFrame], want: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """Compare two (incidents, claims) pairs, row order aside."""
    keys = (["id"], ["incident_id", "agency_id", "step", "source"])
    for left, right, key in zip(got, want, keys, strict=True):
        pd.testing.assert_frame_equal(
            left.reset_index(drop=True).sort_values(key).reset_index(drop=True),
            right.reset_index(drop=True).sort_values(key).reset_index(drop=True),
        )


def test_his001_a_late_event_is_in_the_happened_picture_before_it_is_known(store: Store) -> None:
    # Reported 14:00 and received at once; notification happened 14:00, received 14:40.
    store.append([reported("late", 0)], received_at=at(0))
    store.append([step("notification.sent", "late", "lapd", 0)], received_at=at(40))
    happened = picture_at(store.engine, at(30), "happened")
    known = picture_at(store.engine, at(30), "known")
    assert list(happened.claims["agency_id"]) == ["lapd"]
    assert happened.incidents.loc["late", "notified"] == ["lapd"]
    assert known.claims.empty
    assert known.incidents.loc["late", "notified"] == []
    assert (known.as_of, known.basis) == (at(30), "known")
    for basis in ("happened", "known"):
        after = picture_at(store.engine, at(45), basis)
        assert list(after.claims["agency_id"]) == ["lapd"], basis


def test_his002_an_incident_is_absent_before_its_report_and_updates_apply_in_time(
    store: Store,
) -> None:
    store.append([reported("a", 10, crowd_size=50)], received_at=at(12))
    store.append([updated("a", 30, crowd_size=900, status="contained")], received_at=at(50))
    assert picture_at(store.engine, at(5), "happened").incidents.empty
    assert picture_at(store.engine, at(11), "known").incidents.empty
    mid = picture_at(store.engine, at(40), "happened").incidents.loc["a"]
    assert (mid["crowd_size"], mid["status"]) == (900, "contained")
    seen = picture_at(store.engine, at(40), "known").incidents.loc["a"]
    assert (seen["crowd_size"], seen["status"]) == (50, "active")


def test_his003_a_correction_replaces_the_claim_only_once_it_exists(store: Store) -> None:
    store.append([reported("a", 0)], received_at=at(0))
    first = step("notification.sent", "a", "lapd", 5, source="operator:a")
    store.append([first], received_at=at(6))
    fix = Event(
        source="operator:a",
        event_id="fix-1",
        type="notification.sent",
        occurred_at=at(8),
        incident_id="a",
        agency="lapd",
        data={"supersedes": first.event_id},
    )
    store.append([fix], received_at=at(20))
    before = picture_at(store.engine, at(10), "known").claims
    assert list(before["event_id"]) == [first.event_id]
    after = picture_at(store.engine, at(25), "known").claims
    assert list(after["event_id"]) == ["fix-1"]
    assert_same_picture((picture_at(store.engine, LATER).incidents, after), history_frames(store))


def test_his004_since_keeps_only_incidents_touched_in_the_window(store: Store) -> None:
    store.append([reported("old", 0), reported("new", 100)], received_at=at(100))
    store.append([step("notification.sent", "old", "lapd", 200)], received_at=at(200))
    window = picture_at(store.engine, at(300), "happened", since=at(150))
    assert list(window.incidents["id"]) == ["old"]
    assert list(picture_at(store.engine, at(300), "known", since=at(150)).incidents["id"]) == [
        "old"
    ]


def test_his005_bad_basis_or_naive_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="basis"):
        picture_at(store.engine, at(0), "rumoured")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone"):
        picture_at(store.engine, datetime(2026, 1, 1))


def test_his006_replay_now_equals_the_live_projection_of_the_demo(store: Store) -> None:
    now = datetime.now(UTC)
    assert seed_scenario(store, now) > 0
    live = history_frames(store)
    for basis in ("happened", "known"):
        replayed = picture_at(store.engine, now + timedelta(minutes=1), basis)  # type: ignore[arg-type]
        assert_same_picture((replayed.incidents, replayed.claims), live)
    assert len(live[1]) > 0


@st.composite
def logs_with_corrections(draw: st.DrawFn) -> list[Event]:
    """Draw a log, then let some step events be corrected or retracted by their source."""
    log = draw(event_logs())
    steps = [e for e in log if e.agency is not None]
    for n, old in enumerate(draw(st.lists(st.sampled_from(steps), max_size=3)) if steps else []):
        data = {"supersedes": old.event_id, "retract": draw(st.booleans())}
        log.append(
            old.model_copy(
                update={
                    "event_id": f"c{n}-{old.event_id}",
                    "occurred_at": old.occurred_at + timedelta(minutes=draw(st.integers(0, 20))),
                    "data": data,
                }
            )
        )
    return log


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(log=logs_with_corrections(), data=st.data())
def test_his007_known_at_t_is_what_the_live_projection_held_at_t(
    store: Store, log: list[Event], data: st.DataObject
) -> None:
    with store.engine.begin() as conn:
        for table in ("step_claims", "incidents", "superseded_events", "events"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    reports = [e for e in log if e.type == "incident.reported"]
    rest = data.draw(st.permutations([e for e in log if e.type != "incident.reported"]))
    arrivals = [*reports, *rest]
    checked = set(data.draw(st.lists(st.integers(0, len(arrivals) - 1), max_size=3)))
    held = {}
    for minute, event in enumerate(arrivals):
        store.append([event], received_at=at(minute))
        if minute in checked:
            held[minute] = history_frames(store)
    for minute, then in held.items():
        past = picture_at(store.engine, at(minute), "known")
        assert_same_picture((past.incidents, past.claims), then)
    final = history_frames(store)
    for basis in ("happened", "known"):
        now = picture_at(store.engine, LATER, basis)  # type: ignore[arg-type]
        assert_same_picture((now.incidents, now.claims), final)

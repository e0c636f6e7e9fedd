"""Appending events: projection, idempotency, conflicts and references, on both databases."""

import pytest

from dashboard.store import EventsRejected, Store, queries
from tests.factories import at, reported, step, updated


def incidents(store: Store):
    with store.engine.connect() as conn:
        return queries.incidents_frame(conn).set_index("id")


def claims(store: Store):
    with store.engine.connect() as conn:
        return queries.claims_frame(conn)


def test_st001_report_creates_incident_and_bumps_seq(store: Store) -> None:
    result = store.append([reported("a", crowd_size=40)])
    assert (result.accepted, result.duplicates, result.last_seq) == (1, 0, 1)
    row = incidents(store).loc["a"]
    assert row["kind"] == "operation" and row["status"] == "active"
    assert row["started_at"] == at(0)
    assert store.latest_seq() == 1


def test_st002_resend_is_a_no_op(store: Store) -> None:
    batch = [reported("a"), step("notification.sent", "a", "lapd", -30)]
    store.append(batch)
    again = store.append(batch)
    assert (again.accepted, again.duplicates, again.last_seq) == (0, 2, 2)
    assert len(claims(store)) == 1


def test_st003_same_id_different_body_is_a_conflict_and_stores_nothing(store: Store) -> None:
    first = reported("a")
    store.append([first])
    changed = first.model_copy(update={"occurred_at": at(5)})
    with pytest.raises(EventsRejected) as caught:
        store.append([reported("b"), changed])
    assert caught.value.conflict
    assert caught.value.problems[0].index == 1
    assert list(incidents(store).index) == ["a"]


def test_st004_batch_is_all_or_nothing_and_lists_each_bad_event(store: Store) -> None:
    batch = [
        reported("a"),
        step("notification.sent", "nope", "lapd", 0),
        step("unit.on_scene", "a", "no-such-agency", 5),
    ]
    with pytest.raises(EventsRejected) as caught:
        store.append(batch)
    assert [(p.index, p.code) for p in caught.value.problems] == [
        (1, "unknown_incident"),
        (2, "unknown_agency"),
    ]
    assert incidents(store).empty
    assert store.latest_seq() == 0


def test_st005_events_in_one_batch_may_refer_to_an_earlier_one(store: Store) -> None:
    result = store.append([reported("a"), step("notification.sent", "a", "lapd", -10)])
    assert result.accepted == 2
    assert incidents(store).loc["a", "last_seq"] == 2


def test_st006_late_update_does_not_overwrite_newer_state(store: Store) -> None:
    store.append([reported("a"), updated("a", 30, status="contained", crowd_size=900)])
    store.append([updated("a", 10, status="active", crowd_size=300)])
    row = incidents(store).loc["a"]
    assert row["status"] == "contained"
    assert row["crowd_size"] == 900


def test_st007_two_sources_claiming_one_step_are_both_kept(store: Store) -> None:
    store.append(
        [
            reported("a"),
            step("unit.on_scene", "a", "lasd", 38, source="lasd-cad"),
            step("unit.on_scene", "a", "lasd", 125, source="ice-ero"),
        ]
    )
    got = claims(store).sort_values("source")
    assert list(got["source"]) == ["ice-ero", "lasd-cad"]
    assert list(got["occurred_at"]) == [at(125), at(38)]


def test_st008_a_later_claim_from_the_same_source_supersedes_its_own(store: Store) -> None:
    store.append([reported("a"), step("unit.on_scene", "a", "lasd", 38, source="lasd-cad")])
    store.append([step("unit.on_scene", "a", "lasd", 41, source="lasd-cad")])
    got = claims(store)
    assert len(got) == 1 and got.iloc[0]["occurred_at"] == at(41)
    with store.engine.connect() as conn:
        assert len(queries.incident_events(conn, "a")) == 3  # the log keeps both


def test_st009_unknown_city_is_refused(store: Store) -> None:
    with pytest.raises(EventsRejected) as caught:
        store.append([reported("a", city="atlantis")])
    assert caught.value.problems[0].code == "unknown_city"


def test_st010_closing_an_incident(store: Store) -> None:
    from dashboard.ingest.models import Event

    store.append([reported("a")])
    store.append(
        [
            Event(
                source="test",
                event_id="close-a",
                type="incident.closed",
                occurred_at=at(60),
                incident_id="a",
            )
        ]
    )
    assert incidents(store).loc["a", "status"] == "closed"


def test_st030_an_update_moving_the_point_outside_the_region_leaves_its_city(
    store: Store,
) -> None:
    store.append([reported("a", city=None)])
    assert incidents(store).loc["a", "city"] == "los-angeles"  # the point decided
    store.append([updated("a", 5, lat=0.0, lon=-30.0)])  # mid-Atlantic
    assert incidents(store).loc["a", "city"] == ""  # outside the configured region
    store.append([updated("a", 10, lat=41.8781, lon=-87.6298)])
    assert incidents(store).loc["a", "city"] == "chicago"
    store.append([updated("a", 15, status="contained")])
    assert incidents(store).loc["a", "city"] == "chicago"

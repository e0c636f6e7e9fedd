"""Corrections, late superseded claims and city membership, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from dashboard.ingest.models import Event
from dashboard.store import Store, queries
from dashboard.store.members import UnknownReference, assign, members_frame, unassign
from dashboard.store.migrate import upgrade
from dashboard.store.projection import rebuild
from tests.factories import at, reported


def claim(event_id: str, minutes: float, supersedes: str | None = None, **data) -> Event:
    return Event(
        source="operator:jdoe",
        event_id=event_id,
        type="unit.on_scene",
        occurred_at=at(minutes),
        incident_id="a",
        agency="lasd",
        data={**data, **({"supersedes": supersedes} if supersedes else {})},
    )


def claim_times(store: Store) -> list:
    with store.engine.connect() as conn:
        return list(queries.claims_frame(conn)["occurred_at"])


def test_trk601_a_correction_replaces_the_claim_and_the_log_keeps_both(store: Store) -> None:
    store.append([reported("a"), claim("wrong", 50)])
    store.append([claim("right", 38, supersedes="wrong")])
    assert claim_times(store) == [at(38)]
    with store.engine.connect() as conn:
        assert len(queries.incident_events(conn, "a")) == 3


def test_trk602_a_claim_arriving_after_its_correction_does_not_come_back(store: Store) -> None:
    store.append([reported("a"), claim("right", 38, supersedes="wrong")])
    store.append([claim("wrong", 50)])  # the original, delayed in transit
    assert claim_times(store) == [at(38)]
    rebuild(store.engine)
    assert claim_times(store) == [at(38)]


def test_trk603_a_retraction_removes_the_claim_without_a_replacement(store: Store) -> None:
    store.append([reported("a"), claim("wrong", 50)])
    store.append([claim("retract", 50, supersedes="wrong", retract=True)])
    assert claim_times(store) == []


def test_trk604_one_source_cannot_supersede_another_sources_claim(store: Store) -> None:
    other = Event(
        source="lasd-cad",
        event_id="wrong",
        type="unit.on_scene",
        occurred_at=at(40),
        incident_id="a",
        agency="lasd",
    )
    store.append([reported("a"), other])
    store.append([claim("mine", 90, supersedes="wrong")])
    with store.engine.connect() as conn:
        got = queries.claims_frame(conn).sort_values("source")
    assert list(got["source"]) == ["lasd-cad", "operator:jdoe"]


def test_trk605_agencies_are_assigned_to_cities_and_can_be_added_later(store: Store) -> None:
    with store.engine.connect() as conn:
        before = members_frame(conn)
    assert ("los-angeles-county", "lasd") in set(  # the sheriff is the county's
        zip(before["jurisdiction_id"], before["agency_id"], strict=True)
    )
    assert assign(store.engine, "los-angeles", "lasd", at(0)) is True
    assert assign(store.engine, "los-angeles", "lasd") is False
    with store.engine.connect() as conn:
        after = members_frame(conn)
    added = after[(after["jurisdiction_id"] == "los-angeles") & (after["agency_id"] == "lasd")]
    assert list(added["added_at"]) == [at(0)]
    assert unassign(store.engine, "los-angeles", "lasd") is True
    assert unassign(store.engine, "los-angeles", "lasd") is False
    with pytest.raises(UnknownReference, match="unknown city"):
        assign(store.engine, "atlantis", "lasd")
    with pytest.raises(UnknownReference, match="unknown agency"):
        assign(store.engine, "paramount", "nobody")


def test_trk606_migrating_a_0002_database_makes_its_local_agencies_members(
    database_url: str,
) -> None:
    store = Store.open(database_url, migrate=False)
    upgrade(store.engine, "0002")
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agencies (id, name, jurisdiction_id, kind, local) VALUES "
                "('pd', 'Police', 'town', 'police', :yes), ('fed', 'Federal', NULL, 'federal', :no)"
            ),
            {"yes": True, "no": False},
        )
    upgrade(store.engine)
    with store.engine.connect() as conn:
        members = members_frame(conn)
    assert list(zip(members["jurisdiction_id"], members["agency_id"], strict=True)) == [
        ("town", "pd")
    ]
    assert (members["added_at"].iloc[0] - at(0)) > timedelta(0)
    store.close()

"""The reference as it stood at a past time, rebuilt from the recorded changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from dashboard.read.reference import References
from dashboard.reference.writes import put_agencies, put_jurisdictions, stored_jurisdiction
from dashboard.store import Store
from dashboard.store.engine import write_transaction
from dashboard.store.members import assign, unassign

CHANGED = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)
BEFORE, AFTER = CHANGED - timedelta(hours=1), CHANGED + timedelta(hours=1)
STAGING = (33.8867, -118.1652)  # in Paramount and in Los Angeles County
FIRE = {"id": "pm-fire", "name": "Paramount Fire", "kind": "fire", "jurisdictions": []}


def test_ref020_an_agency_made_local_later_is_not_local_before(store: Store) -> None:
    with write_transaction(store.engine) as conn:
        put_agencies(conn, [FIRE], "admin", CHANGED - timedelta(days=1))
        put_agencies(conn, [FIRE | {"jurisdictions": ["paramount"]}], "admin", CHANGED)
    references = References(store.engine)
    assert "pm-fire" not in references.as_of(BEFORE).members_by_city["paramount"]
    assert "pm-fire" in references.as_of(AFTER).members_by_city["paramount"]
    assert "pm-fire" in references.current().members_by_city["paramount"]
    assert references.as_of(AFTER) is references.current()  # nothing to undo
    # Two frames between the same changes share one snapshot, STRtree and all.
    assert references.as_of(BEFORE) is references.as_of(BEFORE - timedelta(minutes=5))
    assert "pm-fire" not in references.as_of(CHANGED - timedelta(days=2)).agency_names


def test_ref021_a_boundary_moved_later_places_points_by_the_old_one_before(store: Store) -> None:
    with store.engine.connect() as conn:
        row = stored_jurisdiction(conn, "paramount")
    assert row is not None
    elsewhere = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    with write_transaction(store.engine) as conn:
        put_jurisdictions(conn, [row | {"boundary": json.dumps(elsewhere)}], "admin", CHANGED)
    references = References(store.engine)
    before = references.as_of(BEFORE).locality.jurisdictions_at(*STAGING)
    after = references.as_of(AFTER).locality.jurisdictions_at(*STAGING)
    assert before == ["paramount", "los-angeles-county"]
    assert after == ["los-angeles-county"]


def test_ref022_assign_and_unassign_from_the_cli_are_recorded_and_undone(store: Store) -> None:
    assert assign(store.engine, "paramount", "cpd", at=CHANGED)
    references = References(store.engine)
    assert "cpd" not in references.as_of(BEFORE).members_by_city["paramount"]
    assert "cpd" in references.current().members_by_city["paramount"]
    assert unassign(store.engine, "paramount", "cpd")
    references.changed()
    assert "cpd" not in references.current().members_by_city["paramount"]
    assert "cpd" in references.as_of(AFTER).members_by_city["paramount"]
    assert "cpd" not in references.as_of(BEFORE).members_by_city["paramount"]

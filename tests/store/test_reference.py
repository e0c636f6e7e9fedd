"""Reference data is one shared snapshot per version, re-read only when due."""

from __future__ import annotations

from sqlalchemy import event, update

from dashboard.read.reference import References, digest
from dashboard.store import Store
from dashboard.store.members import assign, unassign
from dashboard.store.schema import agencies


def test_ref001_snapshot_lookups_match_the_tables(store: Store) -> None:
    ref = References(store.engine).current()
    assert ref.city_names["los-angeles"] == "Los Angeles"
    assert ref.city_tz["chicago"] == "America/Chicago"
    assert ref.agency_names["lapd"] == ref.agencies.set_index("id").loc["lapd", "name"]
    assert "lapd" in ref.members_by_city["los-angeles"]
    assert "lapd" in ref.local_agency_ids
    assert set(ref.members["agency_id"]) <= set(ref.agencies["id"])
    assert list(ref.jurisdictions["name"]) == sorted(ref.jurisdictions["name"])


def test_ref002_a_hit_runs_no_sql_and_hands_out_the_same_object(store: Store) -> None:
    references = References(store.engine, recheck_s=3600)
    first = references.current()
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert references.current() is first
    assert statements == []


def test_ref003_a_write_here_shows_at_once_elsewhere_at_the_next_recheck(store: Store) -> None:
    references = References(store.engine, recheck_s=3600)
    before = references.current()
    assign(store.engine, "chicago", "lasd")
    assert references.current() is before  # another process's write waits for the recheck
    references.changed()
    after = references.current()
    assert "lasd" in after.members_by_city["chicago"]
    assert after.version != before.version
    assert after.members_version != before.members_version
    unassign(store.engine, "chicago", "lasd")
    references.changed()
    assert references.current().version == before.version


def test_ref004_an_unchanged_recheck_keeps_the_snapshot_and_a_rename_moves_only_version(
    store: Store,
) -> None:
    references = References(store.engine, recheck_s=0)
    before = references.current()
    assert references.current() is before
    with store.engine.begin() as conn:
        conn.execute(update(agencies).where(agencies.c.id == "lapd").values(name="LAPD"))
    after = references.current()
    assert after.agency_names["lapd"] == "LAPD"
    assert after.version != before.version
    assert after.members_version == before.members_version


def test_ref005_digest_is_the_same_in_every_process() -> None:
    # A fixed value: Python's hash() of a str changes from one process to the next.
    assert digest((("chicago", "cpd"),)) == "e634547e3c68970b"

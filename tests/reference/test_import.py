"""Reference files: import, export and import again; bad files refused whole, with paths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.reference import export_reference, import_reference
from dashboard.store import Store
from dashboard.store.schema import agencies, jurisdiction_agencies, jurisdictions, reference_changes

SQUARE = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
BOWTIE = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]


def feature(jid: str, geometry: dict, **props: object) -> dict:
    base = {"id": jid, "name": jid.title(), "kind": "city", "tz": "America/Chicago"}
    return {"type": "Feature", "properties": {**base, **props}, "geometry": geometry}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


GOOD = collection(
    feature(
        "big-county",
        {"type": "Polygon", "coordinates": [[[-1, -1], [3, -1], [3, 3], [-1, 3], [-1, -1]]]},
        kind="county",
    ),
    feature("town", {"type": "Polygon", "coordinates": SQUARE}),
    feature("village", {"type": "Point", "coordinates": [2.5, 2.5]}, radius_km=2),
)
AGENCIES = b"id,name,kind,jurisdictions\nsheriff,County Sheriff,sheriff,big-county\ntown-pd,Town Police,police,town big-county\nfeds,Federal Agency,federal,\n"  # noqa: E501


@pytest.fixture
def empty(database_url: str) -> Iterator[Store]:
    """A migrated store with no reference data, on SQLite and on PostgreSQL."""
    store = Store.open(database_url)
    yield store
    store.close()


def counts(store: Store) -> tuple[int, ...]:
    with store.engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (jurisdictions, agencies, jurisdiction_agencies, reference_changes)
        )


def test_ref001_import_export_import_changes_nothing(empty: Store, tmp_path: Path) -> None:
    first = import_reference(empty.engine, GOOD, "region.geojson", author="test")
    assert first.ok and first.written and first.changed["added"] == 3
    assert import_reference(empty.engine, AGENCIES, "agencies.csv", author="test").changed == {
        "added": 3, "changed": 0, "unchanged": 0,
    }  # fmt: skip
    before = counts(empty)
    assert before == (3, 3, 3, 6)
    exported = export_reference(empty.engine, tmp_path / "out")
    for path in exported:
        again = import_reference(empty.engine, path, path.name, author="test")
        assert again.ok and again.changed["added"] == again.changed["changed"] == 0
    assert counts(empty) == before  # no row and no history added
    village = json.loads(exported[0].read_text())["features"][2]
    assert village["properties"]["boundary_approx"] is True
    assert village["geometry"]["type"] == "Polygon"


def test_ref002_a_change_is_written_and_recorded_with_its_author(empty: Store) -> None:
    import_reference(empty.engine, GOOD, "region.geojson", author="test")
    import_reference(empty.engine, AGENCIES, "agencies.csv", author="test")
    moved = AGENCIES.replace(
        b"town-pd,Town Police,police,town big-county", b"town-pd,Town Police,police,town"
    )
    report = import_reference(empty.engine, moved, "agencies.csv", author="jdoe")
    assert report.changed == {"added": 0, "changed": 1, "unchanged": 2}
    with empty.engine.connect() as conn:
        last = conn.execute(
            select(reference_changes).order_by(reference_changes.c.id.desc())
        ).first()
        members = set(
            conn.execute(
                select(jurisdiction_agencies.c.jurisdiction_id).where(
                    jurisdiction_agencies.c.agency_id == "town-pd"
                )
            ).scalars()
        )
    assert last is not None and (last.author, last.what) == ("jdoe", "agency:town-pd")
    assert json.loads(last.before)["jurisdictions"] == ["town", "big-county"]
    assert json.loads(last.after)["jurisdictions"] == ["town"]
    assert members == {"town"}


def test_ref003_check_validates_and_counts_but_writes_nothing(empty: Store) -> None:
    report = import_reference(empty.engine, GOOD, "region.geojson", author="t", check=True)
    assert report.ok and not report.written and report.changed["added"] == 3
    assert counts(empty) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"<kml/>", "region.geojson", [("(file)", "not GeoJSON")]),
        (b'{"type": "Feature"}', "region.geojson", [("type", "FeatureCollection")]),
        (
            collection(
                feature("ok", {"type": "Polygon", "coordinates": SQUARE}),
                feature("bowtie", {"type": "Polygon", "coordinates": BOWTIE}),
            ),
            "region.geojson",
            [("features[1].geometry", "Self-intersection")],
        ),
        (
            collection(
                feature("ok", {"type": "Polygon", "coordinates": SQUARE}, tz="Mars/Olympus")
            ),
            "region.geojson",
            [("features[0].properties.tz", "unknown time zone 'Mars/Olympus'")],
        ),
        (
            collection(feature("ok", {"type": "LineString", "coordinates": [[0, 0], [1, 1]]})),
            "region.geojson",
            [("features[0].geometry", "expected a Polygon or MultiPolygon")],
        ),
        (
            b"id,name,kind,jurisdictions\nok,Fine,police,\nbad,Bad,police,town atlantis\n",
            "agencies.csv",
            [("line 3.jurisdictions", "unknown jurisdiction 'atlantis'")],
        ),
        (
            b"id,name,kind,jurisdictions\ntypo,Typo,police,tovn\n",
            "agencies.csv",
            [("line 2.jurisdictions", "unknown jurisdiction 'tovn'; closest known: town")],
        ),
        (
            b"id,name\nx,y\n",
            "agencies.csv",
            [
                ("line 1.kind", "required column missing"),
                ("line 1.jurisdictions", "required column missing"),
            ],
        ),
    ],
)
def test_ref004_bad_files_are_refused_with_paths_and_nothing_is_written(
    empty: Store, data: bytes, filename: str, expected: list[tuple[str, str]]
) -> None:
    import_reference(
        empty.engine,
        collection(feature("town", {"type": "Polygon", "coordinates": SQUARE})),
        "a.geojson",
        author="t",
    )
    before = counts(empty)
    report = import_reference(empty.engine, data, filename, author="t")
    assert not report.ok and not report.written
    assert [p for p, _ in report.problems] == [p for p, _ in expected]
    for (_, message), (_, words) in zip(report.problems, expected, strict=True):
        assert words in message
    assert counts(empty) == before

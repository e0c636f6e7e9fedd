"""Analyst exports: the CSV formula guard, the table's cells, GeoJSON points."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.figures.analyze_export import csv_safe, points_geojson, table_csv
from dashboard.figures.analyze_table import lead_text, minutes_range, report_link, sorted_rows


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("March on Main St", "March on Main St"),
        ("a=b", "a=b"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_unit_csv001_formula_cells_are_neutralised(cell: object, written: object) -> None:
    assert csv_safe(cell) == written


def test_unit_csv002_table_csv_guards_every_text_cell_and_keeps_the_rows() -> None:
    rows = pd.DataFrame(
        {"title": ["=cmd|' /C calc'!A0", "Plain"], "lead": ["-25 min", "2 h ahead"], "n": [1, 2]}
    )
    text = table_csv(rows, [("title", "Incident"), ("lead", "Lead time"), ("n", "N")])
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == ["Incident", "Lead time", "N"]
    assert read[1] == ["'=cmd|' /C calc'!A0", "'-25 min", "1"]
    assert read[2] == ["Plain", "2 h ahead", "2"]
    assert len(read) == 3


def test_unit_csv003_geojson_has_one_point_per_incident() -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "lat": [34.0, 41.9],
            "lon": [-118.2, -87.6],
            "title": ["A", "B"],
            "reported_at": [pd.Timestamp("2026-06-06T17:00Z"), pd.NaT],
        }
    )
    found = json.loads(points_geojson(frame, ["id", "title", "reported_at"]))
    assert [f["geometry"]["coordinates"] for f in found["features"]] == [
        [-118.2, 34.0],
        [-87.6, 41.9],
    ]
    assert found["features"][0]["properties"]["reported_at"] == "2026-06-06T17:00:00+00:00"
    assert found["features"][1]["properties"]["reported_at"] is None


def test_unit_tbl001_response_is_a_range_when_disputed() -> None:
    assert minutes_range(12 * 60, 47 * 60) == "12\u201347 min"
    assert minutes_range(38 * 60, 38 * 60) == "38 min"
    assert minutes_range(38 * 60, 127 * 60) == "38 min\u20132 h 7 min"
    assert minutes_range(None, None) == ""
    assert lead_text(-25 * 60) == "25 min after start"
    assert lead_text(130 * 60) == "2 h 10 min ahead"
    assert lead_text(float("nan")) == "not notified"


def test_unit_tbl002_rows_sort_by_known_columns_only() -> None:
    rows = pd.DataFrame(
        {
            "lead_time_s": [60.0, -30.0, 600.0],
            "reported_at": pd.to_datetime(["2026-06-06T01:00Z", "2026-06-06T03:00Z",
                                           "2026-06-06T02:00Z"]),
        }
    )  # fmt: skip
    by_lead = sorted_rows(rows, [{"colId": "lead", "sort": "asc"}])
    assert by_lead["lead_time_s"].tolist() == [-30.0, 60.0, 600.0]
    default = sorted_rows(rows, [{"colId": "__proto__", "sort": "asc"}])
    assert default["lead_time_s"].tolist() == [-30.0, 600.0, 60.0]  # newest report first


def test_unit_tbl003_report_link_quotes_the_whole_id() -> None:
    assert report_link("op-1") == "[report](/report/op-1)"
    assert report_link("a) [x](javascript:alert(1)") == (
        "[report](/report/a%29%20%5Bx%5D%28javascript%3Aalert%281%29)"
    )

"""POST /import/csv and `headsup import FILE.csv`: same validation, problems per line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.cli import main
from tests.api.conftest import Api, assert_error, paths

HEADER = "source,event_id,type,occurred_at,incident_id,agency,kind,title,lat,lon,city,channel"
GOOD = "\n".join(
    [
        HEADER,
        "lapd-cad,c1,incident.reported,2026-06-06T17:00:00Z,csv-1,,protest,March,34.05,-118.24,los-angeles,",
        "lapd-cad,c2,notification.sent,2026-06-06T16:30:00Z,csv-1,lapd,,,,,,radio",
    ]
)
BAD = "\n".join(
    [
        HEADER,
        "lapd-cad,c1,incident.reported,2026-06-06T17:00:00Z,csv-1,,protest,March,34.05,-118.24,los-angeles,",
        "lapd-cad,c2,incident.reported,2026-06-06T17:00:00,csv-2,,protest,March,nan,-118.24,los-angeles,",
        "lapd-cad,c3,unit.teleported,2026-06-06T17:00:00Z,csv-1,lapd,,,,,,",
    ]
)


def post_csv(api: Api, text: str | bytes, content_type: str = "text/csv"):
    return api.post("/import/csv", data=text, content_type=content_type)


def test_api060_csv_rows_are_stored_as_events(api: Api) -> None:
    assert post_csv(api, GOOD).get_json() == {"accepted": 2, "duplicates": 0, "last_seq": 2}
    detail = api.get("/incidents/csv-1").get_json()
    assert detail["incident"]["properties"]["kind"] == "protest"
    assert detail["tracks"][0]["claims"][0]["channel"] == "radio"
    assert post_csv(api, GOOD).get_json()["duplicates"] == 2


def test_api061_bad_rows_are_reported_by_line_and_nothing_is_stored(api: Api) -> None:
    body = assert_error(post_csv(api, BAD), 422, "invalid_csv")
    assert paths(body) == ["line 3.occurred_at", "line 3.lat", "line 4.type"]
    assert "2 lines" in body["message"]
    assert api.get("/health").get_json()["latest_seq"] == 0


def test_api062_store_refusals_are_reported_by_line_too(api: Api) -> None:
    orphan = HEADER + "\nlapd-cad,c9,notification.sent,2026-06-06T16:30:00Z,ghost,lapd,,,,,,"
    body = assert_error(post_csv(api, orphan), 422, "unknown_reference")
    assert paths(body) == ["line 2.incident_id"]


@pytest.mark.parametrize(
    ("text", "status", "code", "path"),
    [
        ("source,event_id,colour\nx,y,z", 422, "invalid_csv", "line 1.colour"),
        ("source,event_id\nx,y", 422, "invalid_csv", "line 1.type"),
        (HEADER, 422, "invalid_csv", "line 1"),
        (HEADER + "\n" + "a," * 20, 422, "invalid_csv", "line 2"),
        (b"\xff\xfe\x00", 400, "malformed_csv", "(body)"),
    ],
)
def test_api063_malformed_csv_gets_a_clear_4xx(
    api: Api, text: str | bytes, status: int, code: str, path: str
) -> None:
    assert path in paths(assert_error(post_csv(api, text), status, code))


def test_api064_csv_needs_its_content_type_and_scoped_token(api: Api) -> None:
    assert_error(post_csv(api, GOOD, "application/json"), 415, "unsupported_media_type")
    other = GOOD.replace("lapd-cad,c2", "ice-ero,c2")
    assert paths(assert_error(post_csv(api, other), 403, "forbidden")) == ["line 3.source"]


def test_api065_cli_import_stores_a_good_file(
    api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", api.runtime.config.database_url)
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    assert main(["import", str(good)]) == 0
    assert "accepted 2, duplicates 0, last seq 2" in capsys.readouterr().out
    assert [e["event_id"] for e in api.get("/events").get_json()["events"]] == ["c1", "c2"]


def test_api066_cli_import_lists_bad_lines_and_stores_nothing(
    api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", api.runtime.config.database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 3.occurred_at: timezone required" in err and "line 4.type" in err
    assert main(["import", str(tmp_path / "missing.csv")]) == 1
    assert api.get("/health").get_json()["latest_seq"] == 0

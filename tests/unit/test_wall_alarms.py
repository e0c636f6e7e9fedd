"""The wall's alarm panel and agency board: severity order, short names, facts in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from dashboard.domain import REQUEST
from dashboard.figures.short_names import agency_short
from dashboard.figures.wall_alarms import MAX_ALARM_ROWS, alarm_facts, alarm_rows, told_facts
from dashboard.figures.wall_panels import board_rows
from dashboard.rules.alarms import by_severity

NOW = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)


def alarm(kind: str, minutes: int, incident: str | None = None, **extra: object) -> dict:
    row = {"kind": kind, "incident_id": incident, "agency_id": None, "source": None,
           "since": NOW - timedelta(minutes=minutes), "city": None, "message": kind}  # fmt: skip
    return {**row, **extra}


def test_wal210_not_told_first_then_unacknowledged_then_the_rest_oldest_first() -> None:
    alarms = pd.DataFrame(
        [
            alarm("source_silent", 500, source="ice-ero"),
            alarm("unacknowledged", 35, "protest"),
            alarm("not_on_scene", 90, "other"),
            alarm("not_told", 60, "staging"),
            alarm("not_told", 275, "fashion-district"),
            alarm("unacknowledged", 50, "older-request"),
        ]
    )
    ordered = by_severity(alarms)
    assert ordered["incident_id"].fillna("ice-ero").tolist() == [
        "fashion-district",
        "staging",
        "older-request",
        "protest",
        "other",
        "ice-ero",
    ]


def test_wal211_the_story_alarm_is_shown_and_the_hidden_ones_are_counted() -> None:
    # Newer alarms of every kind must not push out the oldest not-told operation.
    alarms = pd.DataFrame(
        [alarm("unacknowledged", m, f"r{m}") for m in (1, 2, 3, 4)]
        + [alarm("not_told", 275, "fashion-district")]
    )
    heading, *rows = alarm_rows(by_severity(alarms), {"fashion-district": "Worksite"}, {}, NOW)
    assert len(rows) == MAX_ALARM_ROWS
    assert "NOT TOLD IN ADVANCE" in repr(rows[0]) and "Worksite" in repr(rows[0])
    assert heading.children == f"Open alarms: 5 · {5 - MAX_ALARM_ROWS} more not shown"


def test_wal212_a_silent_source_says_how_long_since_its_last_event() -> None:
    silent = alarm("source_silent", 130, source="ice-ero")
    words, span = alarm_facts(silent, NOW, {})
    assert words == "ice-ero: silent for "
    assert span.children == "2 h 10 min"  # counted up by the browser from its last event
    assert "no events received" not in repr(alarm_rows(pd.DataFrame([silent]), {}, {}, NOW))


def test_wal213_told_late_and_not_told_in_short_names() -> None:
    notice = {"min_lead_s": 0.0, "late": [("lapd", 1500.0), ("lasd", 11100.0)],
              "not_told": ["la-mayor"]}  # fmt: skip
    short = {"lapd": "LAPD", "lasd": "LASD", "la-mayor": "LA Mayor"}
    assert told_facts(notice, short) == (
        "LAPD told 25 min late · LASD told 3 h 5 min late · LA\u00a0Mayor not told"
    )
    early = {"min_lead_s": 3600.0, "late": [("lapd", 600.0)], "not_told": []}
    assert told_facts(early, short) == "LAPD told only 50 min ahead"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Los Angeles Police Department", "LAPD"),
        ("Los Angeles County Sheriff's Department", "LASD"),
        ("Cook County Sheriff's Office", "CCSO"),
        ("Office of the Mayor of Los Angeles", "LA Mayor"),
        ("Mayor's Office of Chicago", "Chicago Mayor"),
        ("Charlotte-Mecklenburg Police Department", "CMPD"),
        ("Chicago Police Department", "CPD"),
        ("ICE Enforcement and Removal Operations", "ICE ERO"),
        ("City of Paramount", "City of Paramount"),
        ("Fire Department", "Fire Department"),
    ],
)
def test_wal214_agency_short_names_people_say(name: str, short: str) -> None:
    assert agency_short(name) == short


def test_wal215_board_has_a_header_and_only_late_agencies_are_loud() -> None:
    board = pd.DataFrame(
        {
            "agency_id": ["lasd", "lapd"],
            "stage": [REQUEST, "on_scene"],
            "stage_at": [NOW - timedelta(minutes=5), NOW - timedelta(minutes=1)],
            "incidents": [3, 14],
            "late": [True, False],
        }
    )
    names = {"lasd": "Los Angeles County Sheriff's Department"}
    header, late, calm = board_rows(board, names, NOW)
    assert [c.children for c in header.children] == ["Agency", "Latest step", "For", "Incidents"]
    assert late.children[0].children == "▲ LASD" and "board-late" in late.className
    assert calm.children[0].children == "lapd" and "board-late" not in calm.className
    assert calm.children[3].children == "14"
    assert late.children[1].children == "asked to help"  # fits the column, unlike the label

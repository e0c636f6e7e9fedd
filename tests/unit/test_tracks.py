"""Notification tracks: lead time, response time and disputes over hand-checked cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain import describe_lead_time, describe_range
from dashboard.rules.disputes import disputed, step_summary
from dashboard.rules.tracks import notification_tracks
from tests.factories import at
from tests.unit.tracking_frames import claims, incidents, members

LA = ("los-angeles", "lapd")
FIVE = timedelta(minutes=5)


def track(tracks: pd.DataFrame, incident: str, agency: str) -> pd.Series:
    found = tracks[(tracks["incident_id"] == incident) & (tracks["agency_id"] == agency)]
    assert len(found) == 1
    return found.iloc[0]


def test_trk001_told_2h10_before_the_start_reads_ahead() -> None:
    got = notification_tracks(
        claims(("a", "lapd", "notified", "ice-ero", -130)),
        incidents(("a", "los-angeles", "operation", "active", 0)),
        members(LA),
    )
    lead = track(got, "a", "lapd")["lead_time_s"]
    assert lead == 130 * 60
    assert describe_lead_time(timedelta(seconds=lead)) == "notified 2 h 10 min ahead"


def test_trk002_told_25_min_after_the_start_reads_after_start() -> None:
    got = notification_tracks(
        claims(("a", "lapd", "notified", "ice-ero", 25)),
        incidents(("a", "los-angeles", "operation", "active", 0)),
        members(LA),
    )
    lead = timedelta(seconds=track(got, "a", "lapd")["lead_time_s"])
    assert describe_lead_time(lead) == "notified 25 min after start"


def test_trk003_local_agency_never_told_appears_as_not_notified() -> None:
    got = notification_tracks(
        claims(("a", "ice-ero", "notified", "ice-ero", -10)),
        incidents(("a", "los-angeles", "operation", "active", 0)),
        members(LA, ("los-angeles", "la-mayor"), ("chicago", "cpd")),
    )
    assert set(got["agency_id"]) == {"lapd", "la-mayor", "ice-ero"}
    mayor = track(got, "a", "la-mayor")
    assert bool(mayor["local"]) and pd.isna(mayor["lead_time_s"])
    assert mayor["stage"] == "not notified"
    assert not bool(track(got, "a", "ice-ero")["local"])


def test_trk004_response_time_runs_from_request_to_on_scene() -> None:
    got = notification_tracks(
        claims(
            ("a", "lapd", "assistance_requested", "lapd-cad", 100),
            ("a", "lapd", "on_scene", "lapd-cad", 138),
        ),
        incidents(("a", "los-angeles", "protest", "active", 90)),
        members(LA),
    )
    row = track(got, "a", "lapd")
    assert (row["response_lo_s"], row["response_hi_s"]) == (38 * 60, 38 * 60)
    assert describe_range(timedelta(minutes=38), timedelta(minutes=38)) == "38 min"


def test_trk005_disputed_on_scene_gives_a_range_and_keeps_both_claims() -> None:
    cs = claims(
        ("a", "lasd", "assistance_requested", "ice-ero", 100),
        ("a", "lasd", "assistance_requested", "lasd-cad", 100),
        ("a", "lasd", "on_scene", "lasd-cad", 138),
        ("a", "lasd", "on_scene", "ice-ero", 227),
    )
    got = notification_tracks(
        cs, incidents(("a", "paramount", "protest", "active", 90)), members(("paramount", "lasd"))
    )
    row = track(got, "a", "lasd")
    assert row["disputed_steps"] == ["on_scene"]
    assert (row["response_lo_s"], row["response_hi_s"]) == (38 * 60, 127 * 60)
    assert row["on_scene_at"] == at(138)  # the step's time is its earliest claim
    assert row["sources"] == ["ice-ero", "lasd-cad"]
    lo, hi = timedelta(minutes=38), timedelta(minutes=127)
    assert describe_range(lo, hi) == "38 min to 2 h 7 min"


def test_trk006_disputed_request_widens_the_range_from_both_ends() -> None:
    cs = claims(
        ("a", "lasd", "assistance_requested", "ice-ero", 90),
        ("a", "lasd", "assistance_requested", "lasd-cad", 100),
        ("a", "lasd", "on_scene", "lasd-cad", 130),
    )
    row = track(
        notification_tracks(cs, incidents(("a", "paramount", "protest", "active", 0)), members()),
        "a",
        "lasd",
    )
    assert (row["response_lo_s"], row["response_hi_s"]) == (30 * 60, 40 * 60)


def test_trk007_same_time_from_two_sources_is_no_dispute() -> None:
    cs = claims(
        ("a", "lasd", "on_scene", "lasd-cad", 138),
        ("a", "lasd", "on_scene", "ice-ero", 138),
    )
    summary = step_summary(cs, FIVE)
    assert list(summary["disputed"]) == [False]
    assert summary.iloc[0]["sources"] == ["ice-ero", "lasd-cad"]


def test_trk008_tolerance_is_exclusive_at_five_minutes() -> None:
    within = claims(("a", "x", "on_scene", "s1", 10), ("a", "x", "on_scene", "s2", 15))
    beyond = claims(("a", "x", "on_scene", "s1", 10), ("a", "x", "on_scene", "s2", 15.02))
    assert not step_summary(within, FIVE)["disputed"].iloc[0]
    assert step_summary(beyond, FIVE)["disputed"].iloc[0]
    assert not step_summary(beyond, timedelta(minutes=10))["disputed"].iloc[0]


def test_trk009_agency_added_to_a_city_later_shows_on_earlier_incidents() -> None:
    earlier = incidents(("a", "los-angeles", "operation", "active", 0))
    before = notification_tracks(claims(), earlier, members(LA))
    after = notification_tracks(claims(), earlier, members(LA, ("los-angeles", "lasd")))
    assert set(before["agency_id"]) == {"lapd"}
    assert set(after["agency_id"]) == {"lapd", "lasd"}
    assert track(after, "a", "lasd")["stage"] == "not notified"


def test_trk010_lead_time_across_the_spring_forward_counts_real_hours() -> None:
    la = ZoneInfo("America/Los_Angeles")
    # 01:30 PST to 03:30 PDT on 8 March 2026 is one hour of real time, not two.
    notified = datetime(2026, 3, 8, 1, 30, tzinfo=la)
    started = datetime(2026, 3, 8, 3, 30, tzinfo=la)
    got = notification_tracks(
        claims(("a", "lapd", "notified", "ice-ero", notified)),
        incidents(("a", "los-angeles", "operation", "active", started)),
        members(LA),
    )
    assert track(got, "a", "lapd")["lead_time_s"] == 3600


def test_trk011_response_across_the_fall_back_counts_real_minutes() -> None:
    la = ZoneInfo("America/Los_Angeles")
    requested = datetime(2026, 11, 1, 1, 50, tzinfo=la, fold=0)  # PDT
    on_scene = datetime(2026, 11, 1, 1, 20, tzinfo=la, fold=1)  # PST, after the repeat
    got = notification_tracks(
        claims(
            ("a", "lapd", "assistance_requested", "lapd-cad", requested),
            ("a", "lapd", "on_scene", "lapd-cad", on_scene),
        ),
        incidents(("a", "los-angeles", "protest", "active", requested)),
        members(LA),
    )
    assert track(got, "a", "lapd")["response_lo_s"] == 30 * 60


def test_trk012_no_incidents_gives_an_empty_frame_with_the_columns() -> None:
    got = notification_tracks(claims(), incidents(), members())
    assert got.empty and "response_lo_s" in got.columns


@settings(deadline=None)  # pandas' first call is slow to warm up
@given(
    first=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    gap_s=st.integers(min_value=0, max_value=6 * 3600),
    tol_min=st.integers(min_value=0, max_value=60),
)
def test_trk013_dispute_is_symmetric_and_matches_the_summary(
    first: datetime, gap_s: int, tol_min: int
) -> None:
    last = first + timedelta(seconds=gap_s)
    tolerance = timedelta(minutes=tol_min)
    expected = gap_s > tol_min * 60
    assert disputed(first, last, tolerance) == disputed(last, first, tolerance) == expected
    cs = claims(("a", "x", "on_scene", "s1", first), ("a", "x", "on_scene", "s2", last))
    assert bool(step_summary(cs, tolerance)["disputed"].iloc[0]) == expected


@settings(deadline=None)
@given(
    request_min=st.integers(min_value=0, max_value=600),
    scene_mins=st.lists(st.integers(min_value=0, max_value=600), min_size=1, max_size=4),
)
def test_trk014_response_range_brackets_every_source_reading(
    request_min: int, scene_mins: list[int]
) -> None:
    cs = claims(
        ("a", "x", "assistance_requested", "s0", request_min),
        *[("a", "x", "on_scene", f"s{i}", m) for i, m in enumerate(scene_mins, start=1)],
    )
    row = track(
        notification_tracks(cs, incidents(("a", "c", "protest", "active", 0)), members()), "a", "x"
    )
    readings = [(m - request_min) * 60 for m in scene_mins]
    assert row["response_lo_s"] == min(readings)
    spread_disputed = max(scene_mins) - min(scene_mins) > 5
    assert row["response_hi_s"] == (max(readings) if spread_disputed else min(readings))


def test_trk015_without_memberships_only_claimed_agencies_have_tracks() -> None:
    cs = claims(
        ("a", "lasd", "assistance_requested", "ice-ero", 100),
        ("a", "lasd", "on_scene", "lasd-cad", 138),
        ("a", "lasd", "on_scene", "ice-ero", 227),
    )
    got = notification_tracks(cs, incidents(("a", "paramount", "protest", "active", 90)))
    assert list(got["agency_id"]) == ["lasd"]
    assert track(got, "a", "lasd")["response_time_s"] == 38 * 60

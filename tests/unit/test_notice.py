"""Notice rules over hand-checked cases: told in advance, late, not told, muted protests."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from dashboard.config import Config, ConfigError, city_min_leads
from dashboard.rules.notice import ADVANCE, LATE, NOT_TOLD, describe_notice, incident_notice
from dashboard.rules.tracks import notification_tracks
from tests.factories import at
from tests.unit.tracking_frames import claims, incidents, members

LA = members(("la", "lapd"), ("la", "mayor"), ("pm", "lasd"), ("pm", "paramount"))


def notice(claim_rows: pd.DataFrame, incident_rows: pd.DataFrame, now: float = 300, **kw):
    tracks = notification_tracks(claim_rows, incident_rows, LA)
    return incident_notice(incident_rows, tracks, at(now), **kw)


def test_ntc001_told_two_hours_ahead_is_in_advance_and_raises_nothing() -> None:
    found = notice(
        claims(("op", "lapd", "notified", "ice", -120)),
        incidents(("op", "la", "operation", "active", 0)),
    )
    assert found.loc["op", "notice"] == ADVANCE
    assert not found.loc["op", "alarm"]
    assert found.loc["op", "best_lead_s"] == 7200
    assert found.loc["op", "not_told"] == ["mayor"]


def test_ntc002_told_25_minutes_after_the_start_is_late_and_alarms() -> None:
    found = notice(
        claims(("op", "lapd", "notified", "ice", 25)),
        incidents(("op", "la", "operation", "active", 0)),
    )
    assert found.loc["op", "notice"] == LATE
    assert found.loc["op", "alarm"]
    assert found.loc["op", "late"] == [("lapd", 1500.0)]
    assert found.loc["op", "not_told"] == ["mayor"]


def test_ntc003_a_staging_site_nobody_told_alarms_and_names_every_local_agency() -> None:
    found = notice(claims(), incidents(("st", "pm", "staging", "active", 0)))
    assert found.loc["st", "notice"] == NOT_TOLD
    assert found.loc["st", "alarm"]
    assert sorted(found.loc["st", "not_told"]) == ["lasd", "paramount"]


def test_ntc004_a_protest_is_never_due_and_never_alarms() -> None:
    found = notice(claims(), incidents(("pr", "pm", "protest", "active", 0)))
    assert found.loc["pr", "notice"] == NOT_TOLD
    assert not found.loc["pr", "due"]
    assert not found.loc["pr", "alarm"]


def test_ntc005_a_notice_sent_later_for_an_earlier_time_counts_by_its_occurred_time() -> None:
    # Arrived over the API after the start, but says it was sent 10 min before: in advance.
    found = notice(
        claims(("op", "lapd", "notified", "ice", -10)),
        incidents(("op", "la", "operation", "active", 0)),
    )
    assert found.loc["op", "notice"] == ADVANCE


def test_ntc006_a_city_minimum_lead_turns_a_short_notice_late() -> None:
    rows = claims(("op", "lapd", "notified", "ice", -20))
    found = notice(
        rows,
        incidents(("op", "la", "operation", "active", 0)),
        by_city={"la": timedelta(minutes=30)},
    )
    assert found.loc["op", "notice"] == LATE
    assert found.loc["op", "late"] == [("lapd", 600.0)]


def test_ntc007_a_planned_operation_alarms_only_once_its_deadline_has_passed() -> None:
    rows = incidents(("op", "la", "operation", "planned", 120))
    assert not notice(claims(), rows, now=60).loc["op", "alarm"]
    assert notice(claims(), rows, now=121).loc["op", "alarm"]


def test_ntc008_an_agency_told_in_advance_clears_the_alarm_even_if_another_was_late() -> None:
    rows = claims(("op", "lapd", "notified", "ice", -5), ("op", "mayor", "notified", "ice", 40))
    found = notice(rows, incidents(("op", "la", "operation", "active", 0)))
    assert found.loc["op", "notice"] == ADVANCE
    assert not found.loc["op", "alarm"]


def test_ntc009_closed_incidents_do_not_alarm() -> None:
    assert not notice(claims(), incidents(("op", "la", "operation", "closed", 0))).loc[
        "op", "alarm"
    ]


def test_ntc014_the_minimum_lead_settings_are_parsed_and_bad_ones_refused() -> None:
    assert city_min_leads("paramount=30  chicago=60") == {"paramount": 30.0, "chicago": 60.0}
    assert city_min_leads("") == {}
    for bad in ("paramount", "=30", "paramount=soon", "paramount=-5", "paramount=inf"):
        with pytest.raises(ConfigError, match="HEADSUP_CITY_MIN_LEAD"):
            Config.from_env({"HEADSUP_CITY_MIN_LEAD": bad})
    with pytest.raises(ConfigError, match="HEADSUP_MIN_LEAD_MIN"):
        Config.from_env({"HEADSUP_MIN_LEAD_MIN": "-1"})
    assert Config.from_env({"HEADSUP_MIN_LEAD_MIN": "15"}).min_lead_min == 15.0


def test_ntc015_describe_notice_says_who_was_late_by_how_much_and_who_was_not_told() -> None:
    found = notice(
        claims(("op", "lapd", "notified", "ice", 25)),
        incidents(("op", "la", "operation", "active", 0)),
    )
    names = {"lapd": "LAPD", "mayor": "Mayor's Office"}
    assert describe_notice(found.loc["op"], names) == (
        "LAPD told 25 min after start; Mayor's Office not told"
    )
    told = notice(
        claims(("op", "lapd", "notified", "ice", -130)),
        incidents(("op", "la", "operation", "active", 0)),
    )
    assert describe_notice(told.loc["op"], names) == "2 h 10 min ahead"
    nobody = notice(claims(), incidents(("op", "elsewhere", "operation", "active", 0)))
    assert describe_notice(nobody.loc["op"], names) == "no local agency known"

"""Alarm rules over hand-checked cases."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from dashboard.rules.alarms import AlarmRules, alarms_by_incident, find_alarms
from dashboard.rules.tracks import notification_tracks
from tests.factories import at
from tests.unit.tracking_frames import claims, incidents, members

RULES = AlarmRules(
    ack_within=timedelta(minutes=10),
    on_scene_within=timedelta(minutes=30),
    source_silent_after=timedelta(minutes=30),
)
NO_SOURCES = pd.DataFrame(columns=["source", "newest_received_at"])


def alarms(cs, inc, mem, now_min: float, sources=NO_SOURCES) -> pd.DataFrame:
    tracks = notification_tracks(cs, inc, mem)
    return find_alarms(inc, tracks, sources, at(now_min), RULES)


def kinds(found: pd.DataFrame) -> list[tuple]:
    return sorted(zip(found["kind"], found["incident_id"], found["agency_id"], strict=True))


def test_trk101_open_operation_or_staging_site_with_no_local_agency_told_in_advance() -> None:
    inc = incidents(
        ("blind", "los-angeles", "operation", "active", 0),
        ("told", "los-angeles", "operation", "active", 0),
        ("late", "los-angeles", "operation", "active", 0),
        ("planned", "los-angeles", "operation", "planned", 60),
        ("site", "los-angeles", "staging", "contained", 0),
        ("protest", "los-angeles", "protest", "active", 0),
    )
    cs = claims(
        ("told", "lapd", "notified", "ice-ero", -5),
        ("blind", "ice-ero", "notified", "x", -5),  # not a local agency: does not count
        ("late", "lapd", "notified", "ice-ero", 25),
    )
    found = alarms(cs, inc, members(("los-angeles", "lapd")), 30)
    assert kinds(found) == [
        ("not_told", "blind", None),
        ("not_told", "late", None),
        ("not_told", "site", None),
    ]


def test_trk110_the_not_told_message_names_agencies_and_how_late() -> None:
    inc = incidents(("op", "la", "operation", "active", 0), ("st", "pm", "staging", "active", 0))
    mem = members(("la", "lapd"), ("la", "mayor"), ("pm", "lasd"), ("pm", "paramount"))
    cs = claims(("op", "lapd", "notified", "ice-ero", 25))
    names = {"lapd": "LAPD", "mayor": "Mayor's Office", "lasd": "LA County Sheriff"}
    tracks = notification_tracks(cs, inc, mem)
    found = find_alarms(inc, tracks, NO_SOURCES, at(30), RULES, names)
    messages = dict(zip(found["incident_id"], found["message"], strict=True))
    assert messages == {
        "op": "not told in advance: LAPD told 25 min after start; Mayor's Office not told",
        # An agency without a known name keeps its id rather than vanishing.
        "st": "not told in advance: LA County Sheriff, paramount not told",
    }
    assert list(found["since"]) == [at(0), at(0)]


def test_trk111_a_city_minimum_lead_makes_a_short_notice_alarm() -> None:
    inc = incidents(("op", "la", "operation", "active", 0))
    cs = claims(("op", "lapd", "notified", "ice-ero", -20))
    mem = members(("la", "lapd"))
    assert alarms(cs, inc, mem, 30).empty
    rules = AlarmRules(city_min_lead={"la": timedelta(minutes=30)})
    found = find_alarms(inc, notification_tracks(cs, inc, mem), NO_SOURCES, at(30), rules)
    assert list(found["message"]) == ["not told in advance: lapd told 20 min ahead, 30 min needed"]


def test_trk102_request_unacknowledged_past_n_minutes() -> None:
    inc = incidents(("p", "paramount", "protest", "active", 0))
    cs = claims(("p", "lasd", "assistance_requested", "ice-ero", 100))
    mem = members(("paramount", "lasd"))
    assert alarms(cs, inc, mem, 110).empty  # exactly ten minutes: not yet
    found = alarms(cs, inc, mem, 110.5)
    assert kinds(found) == [("unacknowledged", "p", "lasd")]
    assert found.iloc[0]["message"] == "request not acknowledged for 10 min"


def test_trk103_a_dispatch_counts_as_acknowledging_the_request() -> None:
    inc = incidents(("p", "paramount", "protest", "active", 0))
    cs = claims(
        ("p", "lasd", "assistance_requested", "ice-ero", 100),
        ("p", "lasd", "dispatched", "lasd-cad", 104),
    )
    assert alarms(cs, inc, members(), 125).empty


def test_trk104_not_on_scene_past_m_minutes_until_someone_claims_arrival() -> None:
    inc = incidents(("p", "paramount", "protest", "active", 0))
    asked = claims(
        ("p", "lasd", "assistance_requested", "ice-ero", 100),
        ("p", "lasd", "acknowledged", "lasd-cad", 103),
    )
    assert alarms(asked, inc, members(), 130).empty
    assert kinds(alarms(asked, inc, members(), 131)) == [("not_on_scene", "p", "lasd")]
    arrived = pd.concat([asked, claims(("p", "lasd", "on_scene", "lasd-cad", 138))])
    assert alarms(arrived, inc, members(), 300).empty
    declined = pd.concat([asked, claims(("p", "lasd", "declined", "lasd-cad", 120))])
    assert alarms(declined, inc, members(), 300).empty


def test_trk105_closed_incidents_raise_no_response_alarms() -> None:
    inc = incidents(("p", "paramount", "protest", "closed", 0))
    cs = claims(("p", "lasd", "assistance_requested", "ice-ero", 100))
    assert alarms(cs, inc, members(), 300).empty


def test_trk106_silent_source_but_never_an_operator() -> None:
    sources = pd.DataFrame(
        {
            "source": ["lasd-cad", "ice-ero", "operator:jdoe"],
            "newest_received_at": pd.to_datetime([at(80), at(40), at(0)], utc=True),
        }
    )
    found = alarms(claims(), incidents(), members(), 100, sources)
    assert list(found["source"]) == ["ice-ero"]
    assert found.iloc[0]["message"] == "ice-ero silent for 1 h"


def test_trk107_agency_added_to_a_city_after_the_fact_can_leave_an_operation_blind() -> None:
    inc = incidents(("op", "paramount", "operation", "active", 0))
    cs = claims(("op", "lasd", "notified", "ice-ero", -5))
    # Told the sheriff, who belongs to the city: no alarm.
    assert alarms(cs, inc, members(("paramount", "lasd")), 10).empty
    # Were the sheriff not a member of the city, telling it would not count.
    assert kinds(alarms(cs, inc, members(("paramount", "paramount-city")), 10)) == [
        ("not_told", "op", None)
    ]


def test_trk108_alarm_text_per_incident_for_the_list() -> None:
    found = pd.DataFrame(
        [
            {
                "kind": "not_told",
                "incident_id": "a",
                "agency_id": None,
                "message": "not told in advance: LAPD not told",
            },
            {"kind": "not_on_scene", "incident_id": "a", "agency_id": "lapd", "message": "late"},
            {"kind": "source_silent", "incident_id": None, "agency_id": None, "message": "quiet"},
        ]
    )
    assert alarms_by_incident(found) == {"a": "not told in advance: LAPD not told; lapd: late"}


def test_trk109_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        find_alarms(
            incidents(),
            notification_tracks(claims(), incidents(), members()),
            NO_SOURCES,
            at(0).replace(tzinfo=None),
        )

"""Operator actions: times in the city's zone across DST, and what a valid action becomes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.actions import ActionInvalid, ActionRequest, build_event, parse_local_time

LA = "America/Los_Angeles"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
KEY = "0123456789abcdef0123456789abcdef"


def request(**fields) -> ActionRequest:
    values = {
        "key": KEY,
        "incident_id": "inc-1",
        "action": "notification.sent",
        "agency": "lapd",
        "channel": "phone",
        "time_text": "",
        "note": "",
    }
    values.update(fields)
    return ActionRequest(**values)


def build(**fields):
    return build_event(request(**fields), "operator:jdoe", {"inc-1"}, {"lapd"}, LA, NOW)


def test_trk501_blank_time_means_now() -> None:
    assert parse_local_time("  ", LA, NOW) == NOW


def test_trk502_city_time_is_read_in_the_city_zone() -> None:
    # 1 June: PDT, UTC-7.
    assert parse_local_time("2026-06-01 14:30", LA, NOW) == datetime(2026, 6, 1, 21, 30, tzinfo=UTC)


def test_trk503_a_time_skipped_by_spring_forward_is_refused() -> None:
    with pytest.raises(ActionInvalid, match="does not exist in America/Los_Angeles"):
        parse_local_time("2026-03-08 02:30", LA, NOW)


def test_trk504_a_time_repeated_by_fall_back_needs_its_offset() -> None:
    with pytest.raises(ActionInvalid, match=r"happens twice .* \(-0700 or -0800\)"):
        parse_local_time("2026-11-01 01:30", LA, NOW)
    first = parse_local_time("2026-11-01 01:30-07:00", LA, NOW)
    second = parse_local_time("2026-11-01 01:30-08:00", LA, NOW)
    assert (second - first).total_seconds() == 3600


def test_trk505_future_times_are_refused_with_a_little_clock_slack() -> None:
    assert parse_local_time("2026-11-01 04:01", LA, NOW)  # 12:01 UTC, a minute ahead
    with pytest.raises(ActionInvalid, match="in the future"):
        parse_local_time("2026-11-01 04:10", LA, NOW)


def test_trk506_a_valid_action_becomes_an_idempotent_event_of_the_operator() -> None:
    event = build(note="called the watch commander")
    assert event.source == "operator:jdoe"
    assert event.event_id == f"ui-{KEY}"
    assert event.type == "notification.sent" and event.agency == "lapd"
    assert event.occurred_at == NOW
    assert event.data == {"channel": "phone", "text": "called the watch commander"}
    assert build(note="called the watch commander") == event  # same key, same event


def test_trk507_a_note_needs_text_but_no_agency() -> None:
    event = build(action="note.added", agency=None, channel=None, note="crowd moving north")
    assert event.agency is None and event.data == {"text": "crowd moving north"}
    with pytest.raises(ActionInvalid, match="write the note"):
        build(action="note.added", agency=None, note="")


def test_trk508_a_step_needs_an_agency() -> None:
    with pytest.raises(ActionInvalid, match="choose the agency"):
        build(agency=None)


def test_trk509_a_correction_names_the_event_it_supersedes() -> None:
    event = build_event(
        request(), "operator:jdoe", {"inc-1"}, {"lapd"}, LA, NOW, supersedes="ui-old"
    )
    assert event.data["supersedes"] == "ui-old"


@pytest.mark.parametrize(
    "fields",
    [
        {"key": None},
        {"key": 12},
        {"incident_id": {"$ne": ""}},
        {"action": ["unit.on_scene"]},
        {"agency": 5},
        {"channel": {"x": 1}},
        {"note": "x" * 2001},
        {"time_text": "2026-13-01 10:00"},
    ],
)
def test_trk510_forged_values_of_any_type_are_refused(fields: dict) -> None:
    with pytest.raises(ActionInvalid):
        build(**fields)

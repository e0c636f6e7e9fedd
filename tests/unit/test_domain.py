"""The domain tables and what derives from them; lead-time wording and durations."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.domain import (
    ACK_STEPS,
    ALWAYS_SHOWN_STEPS,
    EVENT_BY_STEP,
    EVENT_TYPES,
    FINISH_STEPS,
    KINDS,
    NOTICE_DUE_KINDS,
    OPEN_STATUSES,
    START,
    STATUSES,
    STEP_BY_EVENT,
    STEP_TABLE,
    STEPS,
    describe_lead_time,
    format_duration,
    require_aware,
)


def test_dom001_every_list_of_steps_is_read_from_the_step_table() -> None:
    assert tuple(s.name for s in STEP_TABLE) == STEPS
    assert set(STEP_BY_EVENT.values()) == set(STEPS)
    assert all(EVENT_BY_STEP[STEP_BY_EVENT[e]] == e for e in STEP_BY_EVENT)
    assert set(STEP_BY_EVENT) <= set(EVENT_TYPES)
    assert len(set(EVENT_TYPES)) == len(EVENT_TYPES)
    # Subsets, not equalities: a new step is one row of the table, not an edit here.
    assert {"on_scene", "cleared", "declined"} <= set(FINISH_STEPS)
    assert {"acknowledged", "dispatched", "en_route"} <= set(ACK_STEPS) - set(FINISH_STEPS)
    assert not {"notified", "assistance_requested"} & set(ACK_STEPS)
    shown = {"notified", "acknowledged", "assistance_requested", "on_scene"}
    assert shown <= set(ALWAYS_SHOWN_STEPS)


def test_dom002_a_step_is_measured_from_an_earlier_step_or_the_start() -> None:
    for position, step in enumerate(STEP_TABLE):
        assert step.since in (None, START, *STEPS[:position]), step.name


def test_dom003_a_finishing_step_also_acknowledges_the_request() -> None:
    # Somebody on scene (or declining) has evidently received the request.
    assert set(FINISH_STEPS) <= set(ACK_STEPS)


def test_dom004_statuses_and_kinds_come_from_their_tables() -> None:
    assert STATUSES == ("planned", "active", "contained", "closed")
    assert OPEN_STATUSES == ("planned", "active", "contained")
    assert KINDS == ("operation", "staging", "protest")
    assert NOTICE_DUE_KINDS == ("operation", "staging")


def test_dom005_a_step_row_is_frozen_so_nothing_edits_the_table_at_run_time() -> None:
    with pytest.raises(AttributeError):
        STEP_TABLE[0].name = "x"  # type: ignore[misc]
    assert replace(STEP_TABLE[0], label="told").label == "told"


def test_dom006_lead_time_reads_ahead_or_after_start_or_not_notified() -> None:
    assert describe_lead_time(timedelta(hours=2, minutes=10)) == "notified 2 h 10 min ahead"
    assert describe_lead_time(timedelta(minutes=-25)) == "notified 25 min after start"
    assert describe_lead_time(None) == "not notified"


def test_dom007_naive_datetimes_are_refused() -> None:
    assert require_aware(datetime(2026, 6, 6, tzinfo=UTC)).tzinfo is UTC
    with pytest.raises(ValueError, match="timezone"):
        require_aware(datetime(2026, 6, 6, 16, 0))


def test_dom008_durations_read_like_people_write_them() -> None:
    assert format_duration(timedelta(minutes=38)) == "38 min"
    assert format_duration(timedelta(hours=2)) == "2 h"
    assert format_duration(timedelta(seconds=45)) == "45 s"
    assert format_duration(timedelta(hours=-1, minutes=-5)) == "1 h 5 min"

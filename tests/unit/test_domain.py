"""Lead time, response time and their wording."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dashboard.domain import (
    describe_lead_time,
    format_duration,
    lead_time,
    notified_in_advance,
    response_time,
)

START = datetime(2026, 6, 6, 17, 0, tzinfo=UTC)
PDT = timezone(timedelta(hours=-7))


def test_lead_time_is_positive_when_told_before_the_start() -> None:
    assert lead_time(START, START - timedelta(hours=2, minutes=10)) == timedelta(
        hours=2, minutes=10
    )
    assert describe_lead_time(timedelta(hours=2, minutes=10)) == "notified 2 h 10 min ahead"


def test_lead_time_is_negative_when_told_after_the_start() -> None:
    lead = lead_time(START, START + timedelta(minutes=25))
    assert lead == timedelta(minutes=-25)
    assert not notified_in_advance(lead)
    assert describe_lead_time(lead) == "notified 25 min after start"


def test_missing_notification_has_no_lead_time() -> None:
    assert lead_time(START, None) is None
    assert lead_time(None, START) is None
    assert describe_lead_time(None) == "not notified"
    assert not notified_in_advance(None)


def test_timezone_mix_compares_instants_not_wall_clocks() -> None:
    notified_local = datetime(2026, 6, 6, 9, 0, tzinfo=PDT)  # 16:00 UTC
    assert lead_time(START, notified_local) == timedelta(hours=1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        lead_time(START, datetime(2026, 6, 6, 16, 0))


def test_response_time_runs_from_request_to_on_scene() -> None:
    assert response_time(START, START + timedelta(minutes=38)) == timedelta(minutes=38)
    assert response_time(START, None) is None
    assert response_time(None, START) is None


def test_durations_read_like_people_write_them() -> None:
    assert format_duration(timedelta(minutes=38)) == "38 min"
    assert format_duration(timedelta(hours=2)) == "2 h"
    assert format_duration(timedelta(seconds=45)) == "45 s"
    assert format_duration(timedelta(hours=-1, minutes=-5)) == "1 h 5 min"

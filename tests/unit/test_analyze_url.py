"""The analyst view's state in the URL: round trip, defaults left out, junk dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.rules.analyze_url import (
    AnalyzeState,
    local_moment,
    local_text,
    parse,
    serialize,
)

FULL = AnalyzeState(
    window="custom",
    start=datetime(2026, 6, 6, 21, 0, tzinfo=UTC),
    end=datetime(2026, 6, 7, 3, 30, tzinfo=UTC),
    kinds=("protest", "staging"),
    statuses=("active",),
    cities=("paramount",),
    agencies=("lasd", "city-of-paramount"),
    notice=("late",),
    disputed=True,
    sources=("ice-ero",),
    selection=("inc,with,commas", "st-par"),
    mode="heat",
    at=datetime(2026, 6, 6, 22, 32, tzinfo=UTC),
    basis="happened",
    lat=33.889,
    lon=-118.16,
    zoom=11.5,
)


def test_unit_url001_every_field_round_trips() -> None:
    query = serialize(FULL)
    assert "kind=protest&kind=staging" in query
    assert "from=2026-06-06T21%3A00%3A00Z" in query
    assert parse(query) == FULL
    assert parse(query.lstrip("?")) == FULL


def test_unit_url002_the_default_view_is_the_bare_path() -> None:
    assert serialize(AnalyzeState()) == ""
    assert parse("") == AnalyzeState()
    assert parse(None) == AnalyzeState()


@pytest.mark.parametrize(
    "junk",
    [
        "?kind=bomb&status=%00&notice=maybe&window=3y&map=3d&basis=rumour",
        "?from=yesterday&to=2026-13-40T99:00Z&at=1e400&lat=nan&lon=999&zoom=-1",
        "?at=2026-06-06T12:00:00&disputed=perhaps",  # a time without a zone is no time
        "?sel=" + "x" * 500 + "&city=%E2%80%AE&agency=",
        "?%ZZ=%%&&&=&kind",
        "?at=0001-01-01T00:00:00%2B01:00&from=9999-12-31T23:59:59Z",
    ],
)
def test_unit_url003_junk_values_are_dropped_never_an_error(junk: str) -> None:
    state = parse(junk)
    assert state.kinds == state.statuses == state.notice == ()
    assert state.window == "24h" and state.mode == "points" and state.basis == "known"
    assert state.at is None and state.lat is None and state.lon is None and state.zoom is None
    assert state.disputed is None and state.selection == ()
    assert parse(serialize(state)) == state


def test_unit_url004_custom_range_only_with_the_custom_window() -> None:
    state = parse("?window=7d&from=2026-06-06T21:00:00Z")
    assert state.window == "7d" and state.start is None
    now = datetime(2026, 6, 8, tzinfo=UTC)
    assert state.range(now) == (now - timedelta(days=7), None)
    assert FULL.range(now) == (FULL.start, FULL.end)


def test_unit_url005_city_time_inputs_read_in_the_city_zone() -> None:
    # 14:00 in Los Angeles on 6 June is PDT (UTC-7).
    found = local_moment("2026-06-06 14:00", "America/Los_Angeles")
    assert found == datetime(2026, 6, 6, 21, 0, tzinfo=UTC)
    assert local_text(found, "America/Los_Angeles") == "2026-06-06 14:00"
    assert local_moment("2026-06-06 14:00", "No/Such_Zone") == datetime(2026, 6, 6, 14, tzinfo=UTC)
    assert local_moment("14h", "UTC") is None
    assert local_moment(3, "UTC") is None


def test_unit_url006_map_view_is_not_part_of_the_data_key() -> None:
    moved = FULL.model_copy(update={"lat": 1.0, "lon": 2.0, "zoom": 3.0})
    assert moved.key() == FULL.key()
    assert FULL.model_copy(update={"kinds": ("protest",)}).key() != FULL.key()


@given(st.text(max_size=200))
def test_unit_url007_any_text_parses_and_round_trips(text: str) -> None:
    state = parse(text)
    assert parse(serialize(state)) == state

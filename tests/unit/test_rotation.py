"""The rotation rule: which city a rotating wall shows next, and when it holds."""

from __future__ import annotations

from dashboard.rules.rotation import next_city, rotating

CITIES = ["los-angeles", "chicago", "portland"]


def test_rot001_a_wall_rotates_only_with_a_period_and_two_cities() -> None:
    assert rotating(CITIES, 30)
    assert not rotating(CITIES, None)
    assert not rotating(CITIES, 0)
    assert not rotating(["chicago"], 30)


def test_rot002_stays_until_the_period_is_over_then_moves_on_in_turn() -> None:
    assert next_city(CITIES, "chicago", 29.9, 30, set()) == "chicago"
    assert next_city(CITIES, "chicago", 30, 30, set()) == "portland"
    assert next_city(CITIES, "portland", 31, 30, set()) == "los-angeles"  # wraps round


def test_rot003_holds_on_a_city_with_an_alarm_however_long() -> None:
    assert next_city(CITIES, "chicago", 3600, 30, {"chicago"}) == "chicago"
    assert next_city(CITIES, "chicago", 3600, 30, {"chicago", "portland"}) == "chicago"


def test_rot004_an_alarm_elsewhere_takes_the_wall_there_at_once() -> None:
    assert next_city(CITIES, "los-angeles", 1, 30, {"portland"}) == "portland"
    # The first alarmed city after the one shown, in turn.
    assert next_city(CITIES, "chicago", 1, 30, {"los-angeles", "portland"}) == "portland"


def test_rot005_resumes_after_the_alarm_clears() -> None:
    held = next_city(CITIES, "chicago", 600, 30, {"chicago"})
    assert next_city(CITIES, held, 600, 30, set()) == "portland"


def test_rot006_starts_on_an_alarmed_city_else_the_first() -> None:
    assert next_city(CITIES, None, 0, 30, set()) == "los-angeles"
    assert next_city(CITIES, None, 0, 30, {"portland"}) == "portland"
    assert next_city(CITIES, "gone", 0, 30, set()) == "los-angeles"

"""Counts are said with the noun in the number it takes."""

from __future__ import annotations

from dashboard.wording import counted


def test_wrd001_one_is_singular_and_the_rest_plural() -> None:
    assert counted(1, "incident") == "1 incident"
    assert counted(0, "incident") == "0 incidents"
    assert counted(2, "agency track") == "2 agency tracks"
    assert counted(1234, "row") == "1,234 rows"


def test_wrd002_an_irregular_plural_is_given() -> None:
    assert counted(1, "agency", "agencies") == "1 agency"
    assert counted(3, "agency", "agencies") == "3 agencies"

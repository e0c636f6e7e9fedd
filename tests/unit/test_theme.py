"""The palette: status never looks like the alarm, and status words are legible (WCAG AA)."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.figures.theme import (
    ALARM_COLOUR,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    TEXT_BACKGROUNDS,
)

CSS = (Path(__file__).resolve().parents[2] / "assets" / "headsup.css").read_text()


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_thm001_contrast_formula_matches_known_ratios() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic just-failing grey


def test_thm002_no_status_colour_is_the_alarm_colour() -> None:
    assert ALARM_COLOUR.lower() not in {c.lower() for c in STATUS_COLOURS.values()}
    assert ALARM_COLOUR.lower() not in {c.lower() for c in STATUS_TEXT_COLOURS.values()}
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_thm003_status_text_reaches_wcag_aa_on_every_list_background() -> None:
    ratios = {
        (status, background): contrast(colour, background)
        for status, colour in STATUS_TEXT_COLOURS.items()
        for background in TEXT_BACKGROUNDS
    }
    assert min(ratios.values()) >= 4.5, {k: round(v, 2) for k, v in ratios.items() if v < 4.5}


def test_thm004_the_stylesheet_uses_the_checked_text_colours() -> None:
    for status, colour in STATUS_TEXT_COLOURS.items():
        rule = re.search(rf"\.status-{status}\s*\{{\s*color:\s*(#[0-9a-fA-F]{{6}})", CSS)
        assert rule is not None and rule.group(1).lower() == colour.lower(), status
    selected = re.search(r"--ag-selected-row-background-color:\s*(#[0-9a-fA-F]{6})", CSS)
    assert selected is not None and selected.group(1).lower() in TEXT_BACKGROUNDS

"""The first-start checklist shown over the empty map: pure markup from the steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dash import html

from dashboard.figures.markup import with_data


class Step(Protocol):
    """What the checklist needs of a step."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def how(self) -> str: ...
    @property
    def done(self) -> bool: ...


def setup_checklist(steps: Sequence[Step] | None) -> list[html.Div]:
    """Return the checklist card, or nothing once setup is done."""
    if not steps:
        return []
    items = [
        with_data(
            html.Li(
                [
                    html.Span("✓" if s.done else "○", className="setup-mark"),
                    html.Span(s.label, className="setup-label"),
                    html.Code(s.how, className="setup-how"),
                ],
                className=f"setup-step setup-{'done' if s.done else 'todo'}",
                id=f"setup-{s.key}",
            ),
            done="true" if s.done else "false",
        )
        for s in steps
    ]
    left = sum(not s.done for s in steps)
    return [
        html.Div(
            [
                html.H3("Set up your region"),
                html.P(
                    f"{left} of {len(steps)} steps left. Each is ticked off here when done; "
                    "the map takes over when the first event arrives."
                ),
                html.Ol(items, className="setup-steps"),
            ],
            className="setup-card",
        )
    ]

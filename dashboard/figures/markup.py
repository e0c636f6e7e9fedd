"""Small helpers for Dash components."""

from __future__ import annotations

from typing import TypeVar

from dash.development.base_component import Component

C = TypeVar("C", bound=Component)


def with_data(component: C, **values: str) -> C:
    """Set `data-*` attributes (e.g. state="alarm" → data-state) on a component."""
    for name, value in values.items():
        setattr(component, f"data-{name.replace('_', '-')}", value)
    return component

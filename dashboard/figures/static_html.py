"""Render Dash html components as escaped HTML text, for server-rendered documents.

The after-action report is a plain page (printable, no scripts), yet its matrix and
dispute lines are the very builders of the detail panel: they return Dash components,
which this turns into HTML. Every text and attribute value is escaped; only a short list
of attributes is written, so nothing a component carries can become markup or script.
"""

from __future__ import annotations

import re
from typing import Any

from dash.development.base_component import Component
from markupsafe import Markup, escape

ATTRIBUTES = {"className": "class", "title": "title", "colSpan": "colspan", "lang": "lang"}
# Plain ids only: a pattern-matching id (a dict) belongs to a live Dash page.
PLAIN_ID = "id"
DATA_NAME = re.compile(r"data-[a-z0-9-]+")
VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})


def to_html(node: Any) -> Markup:
    """Return a component tree (or text, number, list, None) as HTML."""
    if node is None:
        return Markup("")
    if isinstance(node, list | tuple):
        return Markup("").join(to_html(child) for child in node)
    if isinstance(node, Component):
        return _element(node)
    return escape(str(node))


def _element(component: Component) -> Markup:
    if component._namespace != "dash_html_components":
        raise ValueError(f"cannot render {component._type} as static HTML")
    props = component.to_plotly_json()["props"]
    tag = type(component).__name__.lower()
    attributes = "".join(
        f' {name}="{escape(str(value))}"' for name, value in _attributes(props) if value is not None
    )
    opening = Markup(f"<{tag}{attributes}>")
    if tag in VOID:
        return opening
    return opening + to_html(props.get("children")) + Markup(f"</{tag}>")


def _attributes(props: dict[str, Any]) -> list[tuple[str, Any]]:
    found = [(html_name, props.get(name)) for name, html_name in ATTRIBUTES.items()]
    if isinstance(props.get(PLAIN_ID), str):
        found.append((PLAIN_ID, props[PLAIN_ID]))
    href = props.get("href")
    # Only links within this site: no javascript: or other schemes from any data.
    if isinstance(href, str) and href.startswith("/") and not href.startswith("//"):
        found.append(("href", href))
    found += [(k, v) for k, v in props.items() if DATA_NAME.fullmatch(k)]
    return found

"""The page registry drives the router and the navigation; a wrong component id fails at start."""

from __future__ import annotations

import json

import plotly
import pytest
from dash import Dash, Input, Output

from dashboard import factory
from dashboard.config import Config
from dashboard.pages.registry import PAGES
from dashboard.pages.shell import URL
from dashboard.security import Permission, guarded_callback
from tests.auth import client_as


def nav_links(layout: dict) -> list[str]:
    """Return the hrefs of the navigation links in a served layout."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Link" and "nav-link" in node["props"].get("className", ""):
                found.append(node["props"]["href"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


@pytest.mark.parametrize(
    ("role", "links"),
    [("viewer", ["/", "/analyze", "/wall"]), ("admin", ["/", "/analyze", "/wall", "/admin"])],
)
def test_pg001_navigation_lists_the_registry_pages_the_role_may_open(
    app: Dash, role: str, links: list[str]
) -> None:
    layout = client_as(app, role).get("/_dash-layout").get_json()
    assert nav_links(layout) == links
    assert {p.path for p in PAGES if p.nav} >= set(links)


def test_pg002_a_callback_naming_an_id_no_page_has_stops_the_app(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def register(app: Dash) -> None:
        guarded_callback(
            app, Permission.READ, Output("no-such-id", "children"), Input(URL, "pathname")
        )(lambda path: path)

    monkeypatch.setattr(factory, "SHELL_CALLBACKS", (*factory.SHELL_CALLBACKS, register))
    with pytest.raises(RuntimeError, match=r"no-such-id\.children"):
        factory.create_app(config)


def test_pg003_validation_layout_has_every_page_id_and_no_data(app: Dash) -> None:
    stubs = app.validation_layout.children
    ids = {stub.id for stub in stubs}
    assert {"ops-map", "wall-map", "admin-audit", "page"} <= ids
    assert all(set(stub.to_plotly_json()["props"]) == {"id"} for stub in stubs)
    title = str(app.server.extensions["headsup"].picture.incidents.iloc[0]["title"])
    assert title not in json.dumps(app.validation_layout, cls=plotly.utils.PlotlyJSONEncoder)
    assert app.config.suppress_callback_exceptions is False

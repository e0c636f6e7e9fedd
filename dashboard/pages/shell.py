"""The page shell: navigation, the live-tick machinery and the routed page container."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.demo.scenario import ILLUSTRATIVE
from dashboard.figures.markup import with_data

PAGE = "page"
URL = "url"
NAV_LINKS = (("/", "Operations"),)


def freshness_element() -> html.Div:
    """The 'as of' element whose data-state is fresh, stale or offline."""
    element = html.Div(
        [html.Span("●", className="fresh-dot"), html.Span("connecting…", id=ids.FRESHNESS_TEXT)],
        id=ids.FRESHNESS,
        className="freshness",
        title="Time of the last answer from the server, and age of the newest event",
    )
    return with_data(element, state="offline")


def navbar(demo: bool) -> html.Header:
    """Brand, navigation, the illustrative-data badge and the freshness element."""
    return html.Header(
        [
            html.Div("Heads-Up", className="brand"),
            html.Nav(
                [dcc.Link(label, href=href, className="nav-link") for href, label in NAV_LINKS]
            ),
            html.Div(ILLUSTRATIVE, className="demo-badge") if demo else None,
            freshness_element(),
        ],
        className="topbar",
    )


def shell(refresh_ms: int, demo: bool) -> html.Div:
    """Return the app layout: the page container is filled by the router callback."""
    return html.Div(
        [
            dcc.Location(id=URL),
            navbar(demo),
            dcc.Interval(id=ids.CLOCK, interval=refresh_ms),
            dcc.Store(id=ids.FRESHNESS_INFO),
            dcc.Store(id=ids.LAST_OK),
            html.Main(id=PAGE, className="page"),
        ],
        className="app",
    )

"""The page shell: navigation, the live-tick machinery and the routed page container."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.demo.scenario import ILLUSTRATIVE
from dashboard.figures.markup import with_data
from dashboard.pages.registry import PAGES
from dashboard.security.roles import Identity

PAGE = "page"
PAGE_TITLE = "page-title"
URL = "url"


def freshness_element() -> html.Div:
    """The 'as of' element whose data-state is fresh, stale or offline."""
    element = html.Div(
        [html.Span("●", className="fresh-dot"), html.Span("connecting…", id=ids.FRESHNESS_TEXT)],
        id=ids.FRESHNESS,
        className="freshness",
        title="Time of the last answer from the server, and age of the newest event",
    )
    return with_data(element, state="offline")


def user_menu(identity: Identity | None, csrf: str) -> html.Div | None:
    """Who is signed in, with their role, and a sign-out button (a POST with CSRF token)."""
    if identity is None or identity.kind != "user":
        return None
    return html.Div(
        [
            html.Span(f"{identity.name} · {identity.role}"),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf", value=csrf),
                    html.Button("Sign out", type="submit", id="sign-out"),
                ],
                method="POST",
                action="/logout",
            ),
        ],
        id=ids.USER_MENU,
        className="user-menu",
    )


def navbar(demo: bool, identity: Identity | None, csrf: str) -> html.Header:
    """Brand, the pages this identity may open, the demo badge, freshness and user menu."""
    links = [
        dcc.Link(page.nav, href=page.path, className="nav-link")
        for page in PAGES
        if page.nav and identity is not None and identity.kind == "user"
        if identity.may(page.permission)
    ]
    return html.Header(
        [
            html.Div("Heads-Up", className="brand"),
            html.Nav(links),
            html.Div(ILLUSTRATIVE, className="demo-badge") if demo else None,
            freshness_element(),
            user_menu(identity, csrf),
        ],
        className="topbar",
    )


def shell(
    refresh_ms: int, demo: bool, identity: Identity | None = None, csrf: str = ""
) -> html.Div:
    """Return the app layout: the page container is filled by the router callback."""
    return html.Div(
        [
            dcc.Location(id=URL),
            dcc.Store(id=PAGE_TITLE, data={page.path: page.title for page in PAGES}),
            navbar(demo, identity, csrf),
            dcc.Interval(id=ids.CLOCK, interval=refresh_ms),
            dcc.Store(id=ids.FRESHNESS_INFO),
            dcc.Store(id=ids.LAST_OK),
            html.Main(id=PAGE, className="page"),
        ],
        className="app",
    )

"""Route the URL path to a page layout: the one place that checks who may see which page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html
from flask import Response, request

from dashboard.pages.registry import BY_PATH
from dashboard.pages.shell import PAGE, PAGE_TITLE, URL
from dashboard.runtime import runtime
from dashboard.security import Permission, current_identity, guarded_callback
from dashboard.security.access import refuse_audit
from dashboard.security.forms import answer

# The tab title follows the page; titles come from the registry, embedded in the layout.
SET_TITLE = """function(path, titles) {
    document.title = (titles[path] || "Not found") + " · Heads-Up";
    return window.dash_clientside.no_update;
}"""


def render(pathname: str | None) -> html.Div:
    """Return the layout of the page at `pathname`, if the session may see it."""
    path = pathname or "/"
    page = BY_PATH.get(path)
    if page is None:
        return html.Div(
            [html.H2("Not found"), html.P(f"No page at {path}.")], className="not-found"
        )
    identity = current_identity()
    if identity is None or not identity.may(page.permission):
        refuse_audit(f"page {path}")
        return html.Div(
            [html.H2("Not permitted"), html.P("Your role does not include this page.")],
            className="refused",
        )
    return page.build(runtime())


def page_gate() -> Response | None:
    """Answer a page the session may not open with an HTML 403 page, before the app loads.

    The router refuses it too (a link followed inside the app); this covers a typed URL,
    a bookmark or a reload, which would otherwise load the shell and say so only inside.
    """
    page = BY_PATH.get(request.path)
    identity = current_identity()
    if request.method != "GET" or page is None or identity is None:
        return None
    if identity.may(page.permission):
        return None
    refuse_audit(f"page {request.path}")
    return answer(
        403,
        "Not permitted",
        f"Your role ({identity.role}) does not include the {page.title} page.",
        link=("/", "Back to the operations view"),
    )


def register(app: Dash) -> None:
    """Wire the router; any session may ask, and `render` decides per page."""
    app.server.before_request(page_gate)
    guarded_callback(app, Permission.SIGNED_IN, Output(PAGE, "children"), Input(URL, "pathname"))(
        render
    )
    app.clientside_callback(
        SET_TITLE,
        Output(PAGE_TITLE, "data"),
        Input(URL, "pathname"),
        State(PAGE_TITLE, "data"),
    )

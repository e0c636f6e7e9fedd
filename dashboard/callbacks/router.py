"""Route the URL path to a page layout: the one place that checks who may see which page."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from dashboard.callbacks.wall import wall_cities, wall_scope
from dashboard.pages import admin, operations, wall
from dashboard.pages.shell import PAGE, URL
from dashboard.read.tracking import alarm_panel, stats_panel
from dashboard.read.views import counts, current_style, visible_incidents
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, current_identity, guarded_callback
from dashboard.security.access import PAGES, refuse_audit
from dashboard.security.accounts import list_users
from dashboard.security.audit import recent
from dashboard.security.kiosks import list_kiosks


def render(pathname: str | None) -> html.Div:
    """Return the layout of the page at `pathname`, if the session may see it."""
    path = pathname or "/"
    needed = PAGES.get(path)
    if needed is None:
        return html.Div(
            [html.H2("Not found"), html.P(f"No page at {path}.")], className="not-found"
        )
    identity = current_identity()
    if identity is None or not identity.may(needed):
        refuse_audit(f"page {path}")
        return html.Div(
            [html.H2("Not permitted"), html.P("Your role does not include this page.")],
            className="refused",
        )
    return BUILDERS[path](runtime())


def operations_page(rt: Runtime) -> html.Div:
    """Build the operations view."""
    incidents = visible_incidents(rt, None)
    return operations.layout(
        incidents,
        counts(rt, incidents),
        current_style(rt),
        rt.picture.seq,
        rt.jurisdictions(),
        rt.config.refresh_ms,
        alarm_tile=alarm_panel(rt, None),
        stats=stats_panel(rt, None),
    )


def wall_page(rt: Runtime) -> html.Div:
    """Build the wall for the session's cities."""
    cities = wall_cities()
    incidents = visible_incidents(rt, cities)
    return wall.layout(
        incidents,
        counts(rt, incidents),
        current_style(rt, dark=True),
        rt.picture.seq,
        wall_scope(rt, cities),
        rt.config.refresh_ms,
    )


def admin_page(rt: Runtime) -> html.Div:
    """Build the admin page."""
    engine = rt.store.engine
    return admin.layout(list_users(engine), list_kiosks(engine), recent(engine))


BUILDERS = {"/": operations_page, "/wall": wall_page, "/admin": admin_page}


def register(app: Dash) -> None:
    """Wire the router; any session may ask, and `render` decides per page."""
    guarded_callback(app, Permission.SIGNED_IN, Output(PAGE, "children"), Input(URL, "pathname"))(
        render
    )

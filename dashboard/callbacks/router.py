"""Route the URL path to a page layout."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from dashboard.pages import operations
from dashboard.pages.shell import PAGE, URL
from dashboard.runtime import runtime
from dashboard.tracking import alarm_panel, stats_panel
from dashboard.views import counts, current_style, visible_incidents


def render(pathname: str | None) -> html.Div:
    """Return the layout of the page at `pathname`, built from the current picture."""
    rt = runtime()
    rt.picture.sync()
    if pathname in (None, "", "/"):
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
    return html.Div(
        [html.H2("Not found"), html.P(f"No page at {pathname}.")], className="not-found"
    )


def register(app: Dash) -> None:
    """Wire the router."""
    app.callback(Output(PAGE, "children"), Input(URL, "pathname"))(render)

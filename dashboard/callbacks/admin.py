"""The admin page's callbacks: each panel's (see admin_common), and the audit trail's refresh."""

from __future__ import annotations

from dash import Dash, Input, Output
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import admin_kiosks, admin_reference, admin_tokens, admin_users
from dashboard.pages.admin import audit_table
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback
from dashboard.security.audit import recent


def refresh(clicks: int | None) -> object:
    """Return the newest audit rows."""
    if not clicks:
        raise PreventUpdate
    return audit_table(recent(runtime().store.engine))


def register(app: Dash) -> None:
    """Wire the admin page: each panel's actions and the audit trail."""
    for panel in (admin_users, admin_kiosks, admin_tokens, admin_reference):
        panel.register(app)
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.ADMIN_AUDIT, "children"),
        Input(ids.ADMIN_REFRESH, "n_clicks"),
        prevent_initial_call=True,
    )(refresh)

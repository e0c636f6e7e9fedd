"""The admin page at `/admin`: users, kiosk tokens and the audit trail (read-only here)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import ids
from dashboard.figures.tables import text_table

AUDIT_SHOWN = ["at", "actor", "action", "outcome", "source_ip", "detail"]


def audit_table(rows: pd.DataFrame) -> html.Table:
    """The audit rows, newest first."""
    return text_table(rows, AUDIT_SHOWN)


def layout(users: pd.DataFrame, kiosks: pd.DataFrame, audit_rows: pd.DataFrame) -> html.Div:
    """Build the page; accounts and tokens are changed with the `headsup` command."""
    return html.Div(
        [
            html.H2("Users"),
            html.Div(text_table(users, list(users.columns)), id=ids.ADMIN_USERS),
            html.P(
                "Add users, change roles and disable accounts with `headsup users`; "
                "create and revoke wall tokens with `headsup kiosk`.",
                className="detail-meta",
            ),
            html.H2("Kiosk tokens"),
            text_table(kiosks, list(kiosks.columns)),
            html.H2(["Audit trail ", html.Button("Refresh", id=ids.ADMIN_REFRESH, n_clicks=0)]),
            html.Div(audit_table(audit_rows), id=ids.ADMIN_AUDIT),
        ],
        className="admin",
    )

"""The admin page at `/admin`: users, kiosk links, API tokens, reference data, audit trail."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.figures.tables import text_table
from dashboard.pages.admin_forms import (
    ROLE_OPTIONS,
    button,
    choice,
    form,
    status,
    text_input,
)
from dashboard.read.admin_view import AdminData

# Base64 adds a third, and a callback body may be HEADSUP_MAX_BODY_BYTES (5 MB) at most.
UPLOAD_MAX_BYTES = 3_500_000
AUDIT_SHOWN = ["at", "actor", "action", "outcome", "source_ip", "detail"]


def audit_table(rows: pd.DataFrame) -> html.Table:
    """The audit rows, newest first."""
    return text_table(rows, AUDIT_SHOWN)


def listing(frame: pd.DataFrame, empty: str) -> html.P | html.Table:
    """Return a frame as a table, or a sentence when it has no rows."""
    if frame.empty:
        return html.P(empty, className="admin-empty")
    return text_table(frame, list(frame.columns))


def users_tab(data: AdminData) -> dcc.Tab:
    """Users: the list, add a user, change one."""
    names = list(data.users["Name"])
    add = form(
        "Add a user",
        text_input(ids.ADMIN_USER_NAME, "User name", autoComplete="off"),
        choice(ids.ADMIN_USER_ROLE, "Role", ROLE_OPTIONS, value="viewer", clearable=False),
        text_input(ids.ADMIN_USER_PASSWORD, "Initial password (12 characters or more)", "password"),
        button(ids.ADMIN_USER_ADD, "Add user"),
    )
    change = form(
        "Change a user",
        choice(ids.ADMIN_USER_PICK, "User", names, placeholder="Choose a user"),
        choice(ids.ADMIN_USER_NEW_ROLE, "New role", ROLE_OPTIONS, placeholder="Choose a role"),
        html.Div(
            [
                button(ids.ADMIN_USER_SET_ROLE, "Change role"),
                button(ids.ADMIN_USER_RESET, "Reset password"),
                button(ids.ADMIN_USER_ENABLE, "Enable"),
                button(ids.ADMIN_USER_DISABLE, "Disable", danger=True),
            ],
            className="admin-buttons",
        ),
        hint="Changing a role, disabling or resetting a password signs the user out at once.",
    )
    side = [status(ids.ADMIN_USER_MESSAGE), html.Div(id=ids.ADMIN_USER_SECRET), add, change]
    table = html.Div(listing(data.users, "No users yet."), id=ids.ADMIN_USERS)
    return panel("Users", table, side)


def kiosks_tab(data: AdminData) -> dcc.Tab:
    """Kiosk links for wall displays: the list, create one, revoke one."""
    create = form(
        "Create a kiosk link",
        text_input(ids.ADMIN_KIOSK_NAME, "Name (where the screen is, e.g. eoc-wall-1)"),
        choice(
            ids.ADMIN_KIOSK_CITIES,
            "Cities (none: all)",
            data.city_options,
            multi=True,
            placeholder="All cities",
        ),
        # Text, not a number input: a browser drops an invalid number silently, and the
        # admin must be told why "3" or "ten" is refused.
        text_input(
            ids.ADMIN_KIOSK_ROTATE, "Rotate: seconds per city, 5 or more (blank: all at once)"
        ),
        button(ids.ADMIN_KIOSK_CREATE, "Create link"),
        hint="The link signs a screen in read-only to the wall; it is shown once.",
    )
    revoke = form(
        "Revoke a kiosk link",
        choice(ids.ADMIN_KIOSK_PICK, "Kiosk", data.active_kiosks, placeholder="Choose a kiosk"),
        button(ids.ADMIN_KIOSK_REVOKE, "Revoke", danger=True),
        hint="Walls using it go dark at their next tick.",
    )
    side = [status(ids.ADMIN_KIOSK_MESSAGE), html.Div(id=ids.ADMIN_KIOSK_SECRET), create, revoke]
    table = html.Div(listing(data.kiosks, "No kiosk links yet."), id=ids.ADMIN_KIOSKS)
    return panel("Kiosk links", table, side)


def tokens_tab(data: AdminData) -> dcc.Tab:
    """API tokens for systems that send events: the list, create one, revoke one."""
    create = form(
        "Create an API token",
        text_input(ids.ADMIN_TOKEN_NAME, "Name (the sending system, e.g. lapd-cad)"),
        text_input(ids.ADMIN_TOKEN_SOURCES, "Sources it may write, comma-separated"),
        dcc.Checklist(
            id=ids.ADMIN_TOKEN_ADMIN,
            options=[{"label": " may also change agencies and jurisdictions", "value": "admin"}],
            value=[],
            className="admin-check",
        ),
        button(ids.ADMIN_TOKEN_CREATE, "Create token"),
        hint="The token is shown once; the app keeps only its hash.",
    )
    revoke = form(
        "Revoke an API token",
        choice(ids.ADMIN_TOKEN_PICK, "Token", data.active_tokens, placeholder="Choose a token"),
        button(ids.ADMIN_TOKEN_REVOKE, "Revoke", danger=True),
        hint="Its next request is refused (401).",
    )
    side = [status(ids.ADMIN_TOKEN_MESSAGE), html.Div(id=ids.ADMIN_TOKEN_SECRET), create, revoke]
    table = html.Div(listing(data.tokens, "No API tokens yet."), id=ids.ADMIN_TOKENS)
    return panel("API tokens", table, side)


def reference_tables(jurisdictions: pd.DataFrame, agencies: pd.DataFrame) -> list:
    """Return the jurisdictions and agencies, each with where the other is local."""
    return [
        html.H3("Jurisdictions"),
        listing(jurisdictions, "No jurisdictions yet: import a .geojson file."),
        html.H3("Agencies"),
        listing(agencies, "No agencies yet: import a .csv file (after the jurisdictions)."),
    ]


def reference_tab(data: AdminData) -> dcc.Tab:
    """Jurisdictions and agencies, which agencies are local where, and importing a file."""
    upload = form(
        "Import a file",
        dcc.Upload(
            html.Div(["Drop a file here or ", html.A("choose one")]),
            id=ids.ADMIN_IMPORT_UPLOAD,
            accept=".geojson,.json,.csv",
            max_size=UPLOAD_MAX_BYTES,
            className="admin-upload",
        ),
        dcc.Checklist(
            id=ids.ADMIN_IMPORT_CHECK,
            options=[{"label": " Check only (write nothing)", "value": "check"}],
            value=[],
            className="admin-check",
        ),
        hint=(
            "A .geojson FeatureCollection of jurisdictions (properties id, name, kind, tz), "
            "or a .csv of agencies (id, name, kind, jurisdictions). All or nothing; "
            "importing the same file twice changes nothing."
        ),
    )
    tables = html.Div(reference_tables(data.jurisdictions, data.agencies), id=ids.ADMIN_REFERENCE)
    return panel("Jurisdictions and agencies", tables, [status(ids.ADMIN_IMPORT_MESSAGE), upload])


def audit_tab(data: AdminData) -> dcc.Tab:
    """The audit trail, newest first."""
    return dcc.Tab(
        html.Div(
            [
                button(ids.ADMIN_REFRESH, "Refresh"),
                html.Div(audit_table(data.audit), id=ids.ADMIN_AUDIT, className="admin-audit"),
            ],
            className="admin-tab-body",
        ),
        label="Audit trail",
        value="audit",
    )


def panel(label: str, table: html.Div, side: list) -> dcc.Tab:
    """Return a tab with its list on the left and its forms on the right."""
    body = html.Div(
        [html.Div(table, className="admin-list"), html.Div(side, className="admin-side")],
        className="admin-panel",
    )
    return dcc.Tab(body, label=label, value=label.split()[0].lower())


def layout(data: AdminData) -> html.Div:
    """Build the page: one tab per thing an admin manages."""
    tabs = [users_tab, kiosks_tab, tokens_tab, reference_tab, audit_tab]
    return html.Div(
        [
            dcc.Store(id=ids.ADMIN_CSRF, data=data.csrf),
            dcc.Tabs([tab(data) for tab in tabs], id=ids.ADMIN_TABS, value="users"),
        ],
        className="admin",
    )

"""Post the admin page's callbacks as the browser would, with the page's CSRF token."""

from __future__ import annotations

import base64
import json
from typing import Any

from dash import Output
from flask.testing import FlaskClient

from dashboard import ids
from tests.dash_requests import callback_body

USER_BUTTONS = (
    ids.ADMIN_USER_ADD,
    ids.ADMIN_USER_SET_ROLE,
    ids.ADMIN_USER_DISABLE,
    ids.ADMIN_USER_ENABLE,
    ids.ADMIN_USER_RESET,
)
USER_OUTPUTS = [
    Output(ids.ADMIN_USER_MESSAGE, "children"),
    Output(ids.ADMIN_USER_SECRET, "children"),
    Output(ids.ADMIN_USERS, "children"),
    Output(ids.ADMIN_USER_PICK, "options"),
    Output(ids.ADMIN_USER_PASSWORD, "value"),
    Output(ids.ADMIN_USER_NAME, "value"),
]


def page_csrf(client: FlaskClient) -> str:
    """Open /admin through the router and return the CSRF token the page carries."""
    body = callback_body([Output("page", "children")], [("url", "pathname", "/admin")])
    answer = client.post("/_dash-update-component", json=body).get_data(as_text=True)
    page = json.loads(answer)
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props, dict) and props.get("id") == ids.ADMIN_CSRF:
                found.append(props["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(page)
    assert found, "no CSRF token on the admin page"
    return found[0]


def user_call(
    client: FlaskClient, button: str, csrf: Any, fields: dict[str, Any] | None = None
) -> Any:
    """Press a users-panel button with the given form fields; return the response."""
    f = fields or {}
    state = [
        (ids.ADMIN_CSRF, "data", csrf),
        (ids.ADMIN_USER_NAME, "value", f.get("name")),
        (ids.ADMIN_USER_ROLE, "value", f.get("role")),
        (ids.ADMIN_USER_PASSWORD, "value", f.get("password")),
        (ids.ADMIN_USER_PICK, "value", f.get("picked")),
        (ids.ADMIN_USER_NEW_ROLE, "value", f.get("new_role")),
    ]
    inputs = [(b, "n_clicks", 1 if b == button else 0) for b in USER_BUTTONS]
    body = callback_body(USER_OUTPUTS, inputs, state, changed=f"{button}.n_clicks")
    return client.post("/_dash-update-component", json=body)


def panel_call(client: FlaskClient, panel: str, button: str, csrf: Any, fields: list[Any]) -> Any:
    """Press a kiosk- or token-panel button (`panel` is "kiosk" or "token")."""
    names = {
        "kiosk": (
            [ids.ADMIN_KIOSK_CREATE, ids.ADMIN_KIOSK_REVOKE],
            [ids.ADMIN_KIOSK_NAME, ids.ADMIN_KIOSK_CITIES, ids.ADMIN_KIOSK_ROTATE],
            ids.ADMIN_KIOSK_PICK,
        ),
        "token": (
            [ids.ADMIN_TOKEN_CREATE, ids.ADMIN_TOKEN_REVOKE],
            [ids.ADMIN_TOKEN_NAME, ids.ADMIN_TOKEN_SOURCES, ids.ADMIN_TOKEN_ADMIN],
            ids.ADMIN_TOKEN_PICK,
        ),
    }[panel]
    buttons, field_ids, pick = names
    prefix = f"admin-{panel}"
    outputs = [
        Output(f"{prefix}-message", "children"),
        Output(f"{prefix}-secret", "children"),
        Output(f"{prefix}s", "children"),
        Output(pick, "options"),
        Output(field_ids[0], "value"),
        Output(field_ids[1 if panel == "token" else 2], "value"),
    ]
    inputs = [(b, "n_clicks", 1 if b == button else 0) for b in buttons]
    state = [(ids.ADMIN_CSRF, "data", csrf)]
    state += [(i, "value", v) for i, v in zip([*field_ids, pick], fields, strict=True)]
    body = callback_body(outputs, inputs, state, changed=f"{button}.n_clicks")
    return client.post("/_dash-update-component", json=body)


def answer_text(response: Any) -> str:
    """Return a callback answer's JSON text (what the browser would draw)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def shown_secret(response: Any, box: str) -> str:
    """Return the secret shown once in a panel's secret box."""
    outputs = response.get_json()["response"]
    node = outputs[box]["children"]
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            props = item.get("props", {})
            if isinstance(props, dict) and props.get("readOnly") and "value" in props:
                found.append(props["value"])
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(node)
    assert len(found) == 1, outputs[box]
    return found[0]


def import_call(
    client: FlaskClient, csrf: Any, data: bytes, filename: str, check: bool = False
) -> Any:
    """Upload a reference file through the import panel, as dcc.Upload sends it."""
    contents = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
    outputs = [
        Output(ids.ADMIN_IMPORT_MESSAGE, "children"),
        Output(ids.ADMIN_REFERENCE, "children"),
        Output(ids.ADMIN_IMPORT_UPLOAD, "contents"),
    ]
    state = [
        (ids.ADMIN_IMPORT_UPLOAD, "filename", filename),
        (ids.ADMIN_IMPORT_CHECK, "value", ["check"] if check else []),
        (ids.ADMIN_CSRF, "data", csrf),
    ]
    body = callback_body(outputs, [(ids.ADMIN_IMPORT_UPLOAD, "contents", contents)], state)
    return client.post("/_dash-update-component", json=body)

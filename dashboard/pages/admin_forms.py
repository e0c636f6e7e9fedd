"""The admin page's forms: small inputs, a status line, and the box that shows a secret once."""

from __future__ import annotations

from typing import Any, Literal

from dash import dcc, html

from dashboard.security.roles import ROLES

ROLE_HINTS = {
    "viewer": "viewer: sees the operations view and the wall",
    "operator": "operator: also records notifications, responses and notes",
    "analyst": "analyst: also exports views",
    "admin": "admin: everything, and this page",
}
ROLE_OPTIONS = [{"label": ROLE_HINTS.get(role, role), "value": role} for role in ROLES]


def text_input(
    component_id: str,
    label: str,
    kind: Literal["text", "number", "password"] = "text",
    **kwargs: Any,
) -> html.Label:
    """Return a labelled input; the label stays visible after typing."""
    return html.Label(
        [
            html.Span(label, className="admin-label"),
            dcc.Input(id=component_id, type=kind, maxLength=256, className="admin-input", **kwargs),
        ],
        className="admin-field",
    )


def choice(component_id: str, label: str, options: list, **kwargs: Any) -> html.Label:
    """Return a labelled dropdown."""
    return html.Label(
        [
            html.Span(label, className="admin-label"),
            dcc.Dropdown(id=component_id, options=options, className="admin-choice", **kwargs),
        ],
        className="admin-field",
    )


def button(component_id: str, text: str, danger: bool = False) -> html.Button:
    """Return a form button; a destructive one is drawn in the alarm colour."""
    kind = "admin-button admin-danger" if danger else "admin-button"
    return html.Button(text, id=component_id, n_clicks=0, className=kind)


def form(title: str, *rows: Any, hint: str = "") -> html.Section:
    """Return a titled form block."""
    parts = [html.H3(title), *rows]
    if hint:
        parts.append(html.P(hint, className="admin-hint"))
    return html.Section(parts, className="admin-form")


def status(component_id: str) -> html.Div:
    """Return the line that says what an action did, or why it was refused."""
    return html.Div(id=component_id, className="action-status", role="status")


def outcome(ok: bool, message: str) -> html.Span:
    """Return an action's result as the status line shows it."""
    return html.Span(message, className="action-ok" if ok else "action-error")


def secret_box(component_id: str, label: str, secret: str) -> html.Div:
    """Show a secret once, selectable and with a copy button; it is never shown again."""
    field = f"{component_id}-value"
    return html.Div(
        [
            html.Div(label, className="admin-secret-label"),
            html.Div(
                [
                    dcc.Input(id=field, value=secret, readOnly=True, className="admin-secret"),
                    dcc.Clipboard(target_id=field, title="Copy", className="admin-copy"),
                ],
                className="admin-secret-row",
            ),
            html.Div("Shown only now: copy it before leaving this page.", className="admin-hint"),
        ],
        className="admin-secret-box",
    )

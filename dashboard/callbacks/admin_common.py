"""What every admin action shares: the checks, form values, refusals and the audit trail.

Every action runs three checks on the server whatever the browser sent: the gate (the
callback needs Permission.ADMIN), `require` again inside, and the page's CSRF token.
Every outcome, done or refused, is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from dash import no_update
from dash.exceptions import PreventUpdate
from dash.html import Span

from dashboard.pages.admin import listing
from dashboard.pages.admin_forms import outcome, secret_box
from dashboard.read.admin_view import active_names
from dashboard.security import Permission, audit_request, require
from dashboard.security.access import client_ip
from dashboard.security.forms import csrf_ok
from dashboard.security.roles import Identity

STALE_FORM = "This page's form token is missing or old; reload the page and try again."


class AdminRefused(ValueError):
    """An admin action cannot be done as asked; the message says why, in the form."""


def admin_identity(csrf: Any) -> Identity:
    """Return the signed-in admin, or refuse: wrong role (403) or a forged form (message)."""
    identity = require(Permission.ADMIN)
    if not csrf_ok(csrf if isinstance(csrf, str) else None):
        raise AdminRefused(STALE_FORM)
    return identity


def text(value: Any, what: str) -> str:
    """Return a form value as stripped text; refuse anything a form could not have sent."""
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise AdminRefused(f"{what} must be text")
    return str(value).strip()


def refused(action: str, exc: Exception) -> Span:
    """Write a refused action to the audit trail and return the message the admin reads."""
    message = str(exc)
    audit_request(action, "refused", message)
    return outcome(False, message[:1].upper() + message[1:])


def who() -> tuple[str, str]:
    """Return the acting admin and their address, as the account functions record them."""
    return require(Permission.ADMIN).actor, client_ip()


def pressed(trigger: Any, buttons: dict[str, Any]) -> str:
    """Return the id of the button that was clicked; stop when none really was."""
    if not isinstance(trigger, str) or not buttons.get(trigger):
        raise PreventUpdate
    return trigger


@dataclass(frozen=True)
class SecretPanel:
    """A panel that creates credentials (the secret shown once) and revokes them."""

    audit_names: dict[str, str]  # button id → audit action
    actions: dict[str, Callable[..., tuple[str, str]]]  # button id → (message, secret)
    errors: tuple[type[Exception], ...]  # the store's refusals, said in the form
    box_id: str
    box_label: str
    frame: Callable[[], pd.DataFrame]  # the listing after the action


def secret_action(panel: SecretPanel, button: str, csrf: Any, fields: tuple) -> tuple:
    """Do a panel's clicked action; return status, secret box, list, choices, cleared fields."""
    said: tuple[type[Exception], ...] = (AdminRefused, *panel.errors)
    try:
        admin_identity(csrf)
        message, secret = panel.actions[button](*fields)
    except said as exc:
        return refused(panel.audit_names[button], exc), None, *(no_update,) * 4
    box = secret_box(panel.box_id, panel.box_label, secret)
    frame = panel.frame()
    shown, cleared = (box, "") if secret else (None, no_update)
    return outcome(True, message), shown, listing(frame, ""), active_names(frame), cleared, cleared

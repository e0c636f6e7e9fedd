"""Admin actions on users: add, change role, disable, enable, reset the password."""

from __future__ import annotations

import secrets
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.admin_common import (
    AdminRefused,
    admin_identity,
    pressed,
    refused,
    text,
    who,
)
from dashboard.pages.admin import listing
from dashboard.pages.admin_forms import outcome, secret_box
from dashboard.read.admin_view import users_frame
from dashboard.runtime import runtime
from dashboard.security import Permission, accounts, guarded_callback

BUTTONS = {
    ids.ADMIN_USER_ADD: "user.add",
    ids.ADMIN_USER_SET_ROLE: "user.set-role",
    ids.ADMIN_USER_DISABLE: "user.disable",
    ids.ADMIN_USER_ENABLE: "user.enable",
    ids.ADMIN_USER_RESET: "user.set-password",
}


def add(name: str, role: str, password: str, _picked: str, _new_role: str) -> tuple[str, str]:
    """Add a user with an initial password that meets the password rules."""
    if not password:
        raise AdminRefused("give the new user an initial password (12 characters or more)")
    accounts.add_user(runtime().store.engine, name, role, password, *who())
    return f"Added {name} as {role}. Give them the password in person or by phone.", ""


def set_role(_name: str, _role: str, _password: str, picked: str, new_role: str) -> tuple:
    """Change the chosen user's role."""
    accounts.set_role(runtime().store.engine, _chosen(picked), new_role, *who())
    return f"{picked} is now {new_role}; their sessions have ended.", ""


def disable(_name: str, _role: str, _password: str, picked: str, _new_role: str) -> tuple:
    """Disable the chosen user (never the last active admin)."""
    accounts.set_disabled(runtime().store.engine, _chosen(picked), True, *who())
    return f"{picked} is disabled; their sessions have ended.", ""


def enable(_name: str, _role: str, _password: str, picked: str, _new_role: str) -> tuple:
    """Enable the chosen user again."""
    accounts.set_disabled(runtime().store.engine, _chosen(picked), False, *who())
    return f"{picked} is enabled.", ""


def reset(_name: str, _role: str, _password: str, picked: str, _new_role: str) -> tuple:
    """Give the chosen user a new random password, shown once."""
    password = secrets.token_urlsafe(12)  # 16 characters, 96 random bits
    accounts.set_password(runtime().store.engine, _chosen(picked), password, *who())
    return f"New password for {picked}; their sessions have ended.", password


ACTIONS = {
    ids.ADMIN_USER_ADD: add,
    ids.ADMIN_USER_SET_ROLE: set_role,
    ids.ADMIN_USER_DISABLE: disable,
    ids.ADMIN_USER_ENABLE: enable,
    ids.ADMIN_USER_RESET: reset,
}


def user_action(*args: Any) -> tuple:
    """Do the clicked user action; refuse a forged or invalid one in the status line."""
    clicks, (csrf, *fields) = args[: len(ACTIONS)], args[len(ACTIONS) :]
    button = pressed(ctx.triggered_id, dict(zip(ACTIONS, clicks, strict=True)))
    try:
        admin_identity(csrf)
        values = [text(v, label) for v, label in zip(fields, FIELD_LABELS, strict=True)]
        message, secret = ACTIONS[button](*values)
    except (AdminRefused, accounts.AccountError) as exc:
        return refused(BUTTONS[button], exc), None, no_update, no_update, no_update, no_update
    box = secret_box(ids.ADMIN_USER_SECRET, f"Password of {values[3]}", secret) if secret else None
    users = users_frame(runtime().store.engine)
    cleared = "" if button == ids.ADMIN_USER_ADD else no_update
    return outcome(True, message), box, listing(users, ""), list(users["Name"]), "", cleared


FIELD_LABELS = ("the user name", "the role", "the password", "the user", "the new role")


def _chosen(picked: str) -> str:
    if not picked:
        raise AdminRefused("choose a user first")
    return picked


def register(app: Dash) -> None:
    """Wire the users panel: one callback for its five buttons."""
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.ADMIN_USER_MESSAGE, "children"),
        Output(ids.ADMIN_USER_SECRET, "children"),
        Output(ids.ADMIN_USERS, "children"),
        Output(ids.ADMIN_USER_PICK, "options"),
        Output(ids.ADMIN_USER_PASSWORD, "value"),
        Output(ids.ADMIN_USER_NAME, "value"),
        *(Input(button, "n_clicks") for button in ACTIONS),
        State(ids.ADMIN_CSRF, "data"),
        State(ids.ADMIN_USER_NAME, "value"),
        State(ids.ADMIN_USER_ROLE, "value"),
        State(ids.ADMIN_USER_PASSWORD, "value"),
        State(ids.ADMIN_USER_PICK, "value"),
        State(ids.ADMIN_USER_NEW_ROLE, "value"),
        prevent_initial_call=True,
    )(user_action)

"""Admin actions on API tokens: create one with its scopes (shown once), revoke one."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx

from dashboard import ids
from dashboard.callbacks.admin_common import (
    AdminRefused,
    SecretPanel,
    pressed,
    secret_action,
    text,
)
from dashboard.read.admin_view import tokens_frame
from dashboard.runtime import runtime
from dashboard.security import Permission, audit_request, guarded_callback
from dashboard.store.tokens import TokenError, create_token, revoke_token

ACTIONS = {ids.ADMIN_TOKEN_CREATE: "api-token.create", ids.ADMIN_TOKEN_REVOKE: "api-token.revoke"}


def create(name: Any, sources: Any, admin: Any, _picked: Any) -> tuple[str, str]:
    """Create a token for the named sources; return what to say and the secret, shown once."""
    token = text(name, "the name")
    scopes = [s.strip() for s in text(sources, "the sources").split(",") if s.strip()]
    may_admin = isinstance(admin, list) and "admin" in admin
    secret = create_token(runtime().store.engine, token, scopes, admin=may_admin)
    audit_request(
        "api-token.create", "ok", f"{token} sources={','.join(scopes) or '-'} admin={may_admin}"
    )
    return f"Token {token} created.", secret


def revoke(_name: Any, _sources: Any, _admin: Any, picked: Any) -> tuple[str, str]:
    """Revoke the chosen token."""
    token = text(picked, "the token")
    if not token:
        raise AdminRefused("choose a token first")
    revoke_token(runtime().store.engine, token)
    audit_request("api-token.revoke", "ok", token)
    return f"Token {token} revoked; its next request is refused.", ""


DO = {ids.ADMIN_TOKEN_CREATE: create, ids.ADMIN_TOKEN_REVOKE: revoke}


PANEL = SecretPanel(
    ACTIONS,
    DO,
    (TokenError,),
    ids.ADMIN_TOKEN_SECRET,
    "Token: give it to the sending system",
    lambda: tokens_frame(runtime().store.engine),
)


def token_action(create_clicks: Any, revoke_clicks: Any, csrf: Any, *fields: Any) -> tuple:
    """Do the clicked token action; refuse a forged or invalid one in the status line."""
    clicks = {ids.ADMIN_TOKEN_CREATE: create_clicks, ids.ADMIN_TOKEN_REVOKE: revoke_clicks}
    return secret_action(PANEL, pressed(ctx.triggered_id, clicks), csrf, fields)


def register(app: Dash) -> None:
    """Wire the token panel: one callback for create and revoke."""
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.ADMIN_TOKEN_MESSAGE, "children"),
        Output(ids.ADMIN_TOKEN_SECRET, "children"),
        Output(ids.ADMIN_TOKENS, "children"),
        Output(ids.ADMIN_TOKEN_PICK, "options"),
        Output(ids.ADMIN_TOKEN_NAME, "value"),
        Output(ids.ADMIN_TOKEN_SOURCES, "value"),
        Input(ids.ADMIN_TOKEN_CREATE, "n_clicks"),
        Input(ids.ADMIN_TOKEN_REVOKE, "n_clicks"),
        State(ids.ADMIN_CSRF, "data"),
        State(ids.ADMIN_TOKEN_NAME, "value"),
        State(ids.ADMIN_TOKEN_SOURCES, "value"),
        State(ids.ADMIN_TOKEN_ADMIN, "value"),
        State(ids.ADMIN_TOKEN_PICK, "value"),
        prevent_initial_call=True,
    )(token_action)

"""Who may call the API: bearer tokens for writes, and one rule for reads."""

from __future__ import annotations

from collections.abc import Iterable

from flask import g, request

from dashboard.api.http import join
from dashboard.ingest.errors import InputError, Problem
from dashboard.runtime import runtime
from dashboard.security import Permission, current_identity, may
from dashboard.store.tokens import Token, find_token

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="headsup"'}


def bearer_token() -> Token | None:
    """Return the request's active token; a malformed, unknown or revoked one is a 401."""
    if "api_token" in g:
        return g.api_token
    header = request.headers.get("Authorization", "")
    token = None
    if header:
        scheme, _, secret = header.partition(" ")
        rt = runtime()
        token = (
            find_token(rt.store.engine, secret.strip(), rt.config.token_cache_s)
            if scheme.lower() == "bearer"
            else None
        )
        if token is None:
            raise InputError(
                401,
                "unauthorized",
                "The bearer token is unknown, revoked or malformed.",
                [Problem("Authorization", "expected 'Bearer <token>' with an active token")],
                dict(CHALLENGE),
            )
    g.api_token = token
    return token


def require_token() -> Token:
    """Return the request's token, or answer 401 when there is none."""
    token = bearer_token()
    if token is None:
        raise InputError(
            401,
            "unauthorized",
            "This route needs 'Authorization: Bearer <token>'.",
            [Problem("Authorization", "missing")],
            dict(CHALLENGE),
        )
    return token


def require_writer(sources: Iterable[tuple[str, str]]) -> Token:
    """Return the token if it may write every (path, source) given, else answer 403."""
    token = require_token()
    refused = [
        Problem(path, f"token {token.name!r} may not write source {source!r}")
        for path, source in sources
        if not token.may_write(source)
    ]
    if refused:
        raise InputError(
            403, "forbidden", "The token is not scoped to every source in the request.", refused
        )
    return token


def require_admin() -> Token:
    """Return the token if it is an admin token, else answer 403."""
    token = require_token()
    if not token.admin:
        raise InputError(403, "forbidden", "This route needs an admin token.")
    return token


def require_admin_for(paths: Iterable[str]) -> Token:
    """Return the token if it is an admin's, else answer 403 naming each retraction.

    A retraction takes an event out of the picture, so only an admin may send one; it may
    name any source (the admin's own, e.g. `admin:ann`), since it changes no one's claims.
    """
    token = require_token()
    if not token.admin:
        refused = [Problem(join(path, "type"), "a retraction needs an admin token")
                   for path in paths]  # fmt: skip
        raise InputError(403, "forbidden", "Only an admin token may retract events.", refused)
    return token


def authorize_read() -> None:
    """Decide whether this request may read; the one place that rule lives.

    Reads need a bearer token, or a signed-in session whose role may read (the
    operations view's users). A kiosk session may not: a wall reads only through /wall.
    """
    if bearer_token() is None and not may(Permission.READ):
        require_token()


def authorize_admin_read() -> None:
    """Let admin sessions and admin tokens read admin data (the audit trail)."""
    if may(Permission.ADMIN):
        return
    if bearer_token() is None and current_identity() is not None:
        raise InputError(403, "forbidden", "This route needs an admin session or admin token.")
    require_admin()

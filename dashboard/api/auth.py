"""Who may call the API: bearer tokens for writes, and one rule for reads."""

from __future__ import annotations

from collections.abc import Iterable

from flask import g, request

from dashboard.ingest.errors import InputError, Problem
from dashboard.runtime import runtime
from dashboard.store.tokens import Token, find_token

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="headsup"'}


def bearer_token() -> Token | None:
    """Return the request's active token; a malformed, unknown or revoked one is a 401."""
    if "api_token" in g:
        return g.api_token
    header = request.headers.get("Authorization", "")
    token = None
    if header:
        scheme, _, secret = header.partition(" ")
        token = (
            find_token(runtime().store.engine, secret.strip())
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


def authorize_read() -> None:
    """Decide whether this request may read; the one place that rule lives.

    Reads are open only while the server listens on loopback and the caller is local too:
    the second check keeps reads closed under gunicorn bound to 0.0.0.0, where HOST keeps
    its loopback default. Otherwise a token is needed. The security work adds sessions here.
    """
    token = bearer_token()
    local = runtime().config.host in LOOPBACK and request.remote_addr in LOOPBACK
    if token is None and not local:
        require_token()

"""The one access mechanism: who is asking, and what each page, callback and route needs.

Every request passes `gate()` (a Flask before_request). Dash callbacks are registered
through `guarded_callback`, which records the permission each needs; the gate reads the
output a posted `/_dash-update-component` names and refuses it before Dash runs anything
when the session lacks that permission. A callback registered without a permission is
refused (and `check_all_guarded` stops the app at start).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from dash import Dash
from flask import current_app, g, has_request_context, jsonify, redirect, request, session
from sqlalchemy.exc import DataError
from werkzeug.exceptions import Forbidden, RequestEntityTooLarge, Unauthorized
from werkzeug.wrappers import Response

from dashboard.runtime import runtime
from dashboard.security import audit
from dashboard.security.refusals import Refusals
from dashboard.security.roles import Identity, Permission

log = logging.getLogger(__name__)
CALLBACKS = "headsup.callback-permissions"
# Seconds a client is told to wait while the database is away (the API says the same).
RETRY_AFTER_S = 5
REFUSALS = "headsup.refusals"
DASH_UPDATE = "/_dash-update-component"
API_PREFIX = "/api/"
# Static files and the sign-in pages are open; they carry no data. Folders match what is
# under them, pages only themselves: `/loginX` is no sign-in page.
PUBLIC_FOLDERS = ("/assets/", "/_dash-component-suites/")
PUBLIC_PAGES = frozenset({"/_favicon.ico", "/favicon.ico", "/login", "/setup"})
# Pages and the permission each needs are in dashboard.pages.registry; the router applies it.
KIOSK_HOME = "/wall"
# The street map's tiles (dashboard.tiles): basemap only, for any session, kiosks too.
TILES_PREFIX = "/tiles/"


class Refused(Forbidden):
    """The identity may not do what it asked; answered 403 with no data."""


class SignInNeeded(Unauthorized):
    """Nobody is signed in; answered 401 with no data."""


def current_identity() -> Identity | None:
    """Return who is asking in this request: a user, a kiosk, or None."""
    return g.get("identity") if has_request_context() else None


def may(permission: Permission) -> bool:
    """Tell whether the current identity holds `permission`."""
    identity = current_identity()
    return identity is not None and identity.may(permission)


def require(permission: Permission) -> Identity:
    """Return the current identity, or refuse the request (a second line inside handlers)."""
    identity = current_identity()
    if identity is None or not identity.may(permission):
        status = 401 if identity is None else 403
        refuse_audit(f"{request.path} needs {permission}", status)
        raise SignInNeeded() if identity is None else Refused()
    return identity


def guarded_callback(app: Dash, permission: Permission, *args: Any, **kwargs: Any) -> Callable:
    """Register a Dash callback like `app.callback`, recording the permission it needs."""

    def decorate(func: Callable) -> Callable:
        before = set(app.callback_map)
        app.callback(*args, **kwargs)(func)
        for key in set(app.callback_map) - before:
            app.server.extensions.setdefault(CALLBACKS, {})[key] = permission
        return func

    return decorate


def check_all_guarded(app: Dash) -> None:
    """Stop the app at start if any server callback was registered without a permission."""
    known = app.server.extensions.get(CALLBACKS, {})
    bare = [k for k, v in app.callback_map.items() if "callback" in v and k not in known]
    if bare:
        raise RuntimeError(
            f"callbacks without a permission: {bare}; register them with guarded_callback"
        )


def callback_permission(output: Any) -> Permission | None:
    """Return the permission the callback with this output key needs; None if unknown."""
    if not isinstance(output, str):
        return None
    return current_app.extensions.get(CALLBACKS, {}).get(output)


def gate() -> Response | None:
    """Let a request through, or answer it: sign-in redirect, 401 or 403."""
    path = request.path
    if not plain_path(path):
        return _not_found()
    if path in PUBLIC_PAGES or path.startswith(PUBLIC_FOLDERS):
        return None
    identity = current_identity()
    if path.startswith(API_PREFIX):
        # The API decides for itself, in one read rule (a bearer token, or a session
        # whose role may read) and per-route token checks; its writes take no cookies.
        return None
    if path == DASH_UPDATE:
        return _callback_gate(identity)
    if path.startswith(TILES_PREFIX):
        return None if identity is not None else _refusal(401, "sign-in needed")
    if identity is None:
        if path.startswith("/_dash") or request.method != "GET":
            return _refusal(401, "sign-in needed")
        return redirect(f"/login?next={path}", code=303)
    if identity.kind == "kiosk" and not path.startswith(("/_dash", "/logout")):
        return None if path == KIOSK_HOME else redirect(KIOSK_HOME, code=303)
    return None


def plain_path(path: str) -> bool:
    """Tell whether a path has no empty or dot segments (`//`, `/./`, `/../`) to resolve."""
    segments = path.split("/")[1:]
    inner = segments[:-1]  # a trailing slash leaves one empty last segment
    return "" not in inner and not {".", ".."} & set(segments)


def _not_found() -> Response:
    response = jsonify({"error": "not found"})
    response.status_code = 404
    return response


def _callback_gate(identity: Identity | None) -> Response | None:
    # The session first: a stranger's body is never read, whatever its size, so an
    # anonymous flood costs a cookie check each. A signed-in body is capped (the API's
    # limit) before it is read: over it, a 413 unread. The output it names goes into the
    # refusal's audit detail.
    if identity is None:
        return _refusal(401, "sign-in needed", "callback")
    request.max_content_length = runtime().config.max_body_bytes
    try:
        capped_body()
    except RequestEntityTooLarge:
        response = jsonify({"error": "body too large"})
        response.status_code = 413
        return response
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    needed = callback_permission(output)
    if needed is None or not identity.may(needed):
        return _refusal(403, "not permitted", f"callback {str(output)[:120]}")
    return None


def capped_body() -> bytes:
    """Return the body (kept for the request), refusing one over `max_content_length`: 413.

    A declared length over the limit is refused before reading. A chunked body declares
    none: Werkzeug stops reading it at the limit and would hand back the first part as if
    it were all, so a body that fills the limit is taken as longer than it.
    """
    data = request.get_data()
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(data) >= limit:
        raise RequestEntityTooLarge()
    return data


def _refusal(status: int, message: str, detail: str = "") -> Response:
    """Answer a refused request with no data, and write it to the audit trail."""
    refuse_audit(detail or f"{request.method} {request.path}", status)
    response = jsonify({"error": message})
    response.status_code = status
    return response


def refuse_audit(detail: str, status: int = 403) -> None:
    """Record a refused request: the first of its kind now, repeats as a count (see refusals).

    A stranger's refusals are one kind per address and status, whatever the path: varying
    the path must not buy a row per request. A signed-in actor's are kept per detail.
    """
    identity = current_identity()
    actor = identity.actor if identity else "anonymous"
    tally = current_app.extensions.setdefault(REFUSALS, Refusals())
    kind = f"{status} {detail}" if identity else str(status)
    count = tally.note((actor, kind, client_ip()))
    if count is not None:
        audit_request("refused", str(status), detail if count == 1 else f"{detail} (x{count})")


def audit_request(action: str, outcome: str, detail: str = "") -> None:
    """Record an action of the current identity (e.g. "export") with its address."""
    identity = current_identity()
    actor = identity.actor if identity else "anonymous"
    engine = runtime().store.engine
    audit.record(engine, actor, action, outcome, client_ip(), detail)


def client_ip() -> str:
    """Return the client's address (as fixed by ProxyFix when proxies are trusted)."""
    return request.remote_addr or "unknown"


def sign_in_cookie(token: str, permanent: bool) -> None:
    """Put a fresh session token in a fresh cookie session (rotation at sign-in)."""
    session.clear()
    session["sid"] = token
    session.permanent = permanent


def database_refused(exc: DataError) -> Response:
    """Answer 422 when the database refuses a value: retrying the same data cannot help."""
    log.warning("database refused data in %s %s: %s", request.method, request.path, exc.orig)
    if request.path.startswith(API_PREFIX):
        from dashboard.api.errors import error_response
        from dashboard.ingest.errors import InputError

        message = "The database refused a value; nothing was stored. Do not retry it as is."
        return error_response(InputError(422, "refused_by_database", message))
    response = jsonify({"error": "refused by the database"})
    response.status_code = 422
    return response


def database_away(exc: Exception) -> Response:
    """Answer 503 with Retry-After while the database is away: pages, callbacks and API alike.

    Registered on the app, it covers what the API blueprint's own handler cannot: the
    session check before any route, Dash callbacks, and the sign-in pages.
    """
    if isinstance(exc, DataError):
        return database_refused(exc)
    log.warning("database unavailable during %s %s: %s", request.method, request.path, exc)
    if request.path.startswith(API_PREFIX):
        from dashboard.api.errors import error_response, unavailable

        return error_response(unavailable(type(exc).__name__))
    if request.method == "GET" and not request.path.startswith("/_dash"):
        from dashboard.security.forms import answer

        response = answer(
            503, "Database unavailable", "The database cannot be reached; retrying shortly."
        )
    else:
        response = jsonify({"error": "database unavailable", "retry_after": RETRY_AFTER_S})
        response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response

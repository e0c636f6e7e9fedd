"""Render every failure under /api in the one error shape; no input may produce a 500."""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, Response, jsonify, request
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from dashboard.ingest.errors import InputError, Problem
from dashboard.security.access import database_refused, refuse_audit
from dashboard.store import StoreUnavailable

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5
# Short codes for the HTTP errors Flask and Werkzeug raise on their own.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}
HTTP_MESSAGES = {
    404: "There is no such route under /api.",
    413: "The request body is larger than the server accepts.",
    429: "Too many requests; slow down and retry after the number of seconds in Retry-After.",
}


def error_response(error: InputError) -> Response:
    """Return an InputError as a JSON response with its status and headers."""
    response = jsonify(error.body())
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def from_http(exc: HTTPException) -> InputError:
    """Describe a Werkzeug HTTP error in the one error shape."""
    status = exc.code or 500
    message = HTTP_MESSAGES.get(status) or (exc.description or exc.name)
    headers = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
    if status == 429:
        headers["Retry-After"] = str(_retry_after())
    if status == 405:
        allowed = headers.get("Allow", "")
        message = f"{request.method} is not allowed here; use {allowed}."
    errors = [Problem(request.path, message)] if status in (404, 405) else []
    return InputError(status, HTTP_CODES.get(status, "http_error"), message, errors, headers)


def _retry_after() -> int:
    """Return seconds until the breached rate limit resets, at least 1."""
    from dashboard.api.limits import current_reset_at

    reset_at = current_reset_at()
    return max(1, int(reset_at - time.time()) + 1) if reset_at else 60


def unavailable(reason: str) -> InputError:
    """Describe a database that cannot be reached: retry later, nothing was lost."""
    return InputError(
        503,
        "database_unavailable",
        f"The database cannot be reached ({reason}); retry later. Nothing was stored.",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def on_input(exc: InputError) -> Response:
    """Answer a refused input; refused credentials go to the audit trail."""
    if exc.status in (401, 403):
        refuse_audit(f"{request.method} {request.path}: {exc.code}", exc.status)
    return error_response(exc)


def on_http(exc: HTTPException) -> Response | HTTPException:
    """Answer an HTTP error in the error shape under /api; leave other paths to Flask."""
    if not request.path.startswith("/api/"):
        return exc
    return error_response(from_http(exc))


def on_database(exc: Exception) -> Response:
    """Answer 503 with Retry-After when the database fails under us."""
    log.warning("database unavailable during %s %s: %s", request.method, request.path, exc)
    return error_response(unavailable(type(exc).__name__))


def on_anything(exc: Exception) -> Response:
    """Answer 500 in the error shape, logging the failure: the guard of last resort."""
    log.exception("unhandled error in %s %s", request.method, request.path)
    return error_response(
        InputError(500, "internal_error", "The server failed; the failure was logged.")
    )


def install(bp: Blueprint) -> None:
    """Handle every error raised while serving the blueprint's routes.

    Flask checks a blueprint's handlers for the whole class hierarchy before the app's,
    so the blueprint needs its own HTTPException handler beside the catch-all one.
    """
    bp.register_error_handler(InputError, on_input)
    bp.register_error_handler(HTTPException, on_http)
    for kind in (OperationalError, DBAPIError, StoreUnavailable):
        bp.register_error_handler(kind, on_database)
    # A value the database refuses is the sender's to fix, not a reason to retry.
    bp.register_error_handler(DataError, database_refused)
    bp.register_error_handler(Exception, on_anything)


def install_app(app: Flask) -> None:
    """Answer HTTP errors raised outside the blueprint (unknown /api paths) in the shape."""
    app.register_error_handler(HTTPException, on_http)

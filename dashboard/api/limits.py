"""Rate limits on /api with flask-limiter: in memory for one process, Redis for many."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, request
from flask_limiter import HeaderNames, Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import SQLAlchemyError

from dashboard.api.auth import bearer_token
from dashboard.ingest.errors import InputError

EXTENSION = "headsup_limiter"
# flask-limiter would set Retry-After on every answer (and overwrite an outage's 5 s with
# its window); the limiter's own figure goes to this header, and only a 429 (see
# errors.from_http) or a 503 says Retry-After.
LIMITER_RETRY_HEADER = "X-RateLimit-Retry-After"


def client_key() -> str:
    """Count per valid token (systems behind one NAT keep their own budgets), else per address.

    An unknown token counts against its address, so rotating made-up tokens gains nothing.
    """
    try:
        token = bearer_token()
    except (InputError, SQLAlchemyError):
        token = None
    return f"token:{token.name}" if token is not None else "addr:" + get_remote_address()


def install(app: Flask, bp: Blueprint, rate: str, redis_url: str) -> Limiter:
    """Limit every route of the blueprint except the health check."""
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=redis_url or "memory://",
        key_prefix="headsup-api",
        headers_enabled=True,
        header_name_mapping={HeaderNames.RETRY_AFTER: LIMITER_RETRY_HEADER},
        # Redis is a hint: if it goes away, count in memory rather than fail requests.
        in_memory_fallback_enabled=bool(redis_url),
        swallow_errors=True,
        strategy="moving-window",
    )
    limiter.limit(rate, exempt_when=lambda: request.endpoint == "api.health")(bp)
    # Only the API is limited here: skip the hook's work on every other request (the
    # live tick above all, which is the app's most frequent one).
    prefix = bp.url_prefix or "/"
    limiter.request_filter(lambda: not request.path.startswith(prefix))
    app.extensions[EXTENSION] = limiter
    return limiter


def current_reset_at() -> float | None:
    """Return when the limit that was just breached resets (epoch seconds), if known."""
    limiter = current_app.extensions.get(EXTENSION)
    current = limiter.current_limit if limiter is not None else None
    return float(current.reset_at) if current is not None else None

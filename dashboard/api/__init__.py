"""The HTTP API under /api/v1: JSON, CAP and CSV in; GeoJSON, feeds and OpenAPI out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Dash
from flask import Blueprint, request

from dashboard.api import errors, limits
from dashboard.api.routes import operation
from dashboard.runtime import runtime

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
errors.install(bp)


def route(
    rule: str, method: str, **spec: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view on the API blueprint and in the document (see `routes.Operation`)."""
    return operation(bp, rule, method, **spec)


@bp.before_request
def _limit_body_size() -> None:
    """Refuse bodies over HEADSUP_MAX_BODY_BYTES here only; Dash callbacks keep their own."""
    request.max_content_length = runtime().config.max_body_bytes


# Importing the route modules registers their routes on `bp`.
from dashboard.api import (  # noqa: E402, F401
    alarms,
    audit,
    events,
    incidents,
    inputs,
    jurisdictions,
    service,
)


def init_app(app: Dash) -> None:
    """Mount the API on the Dash app's Flask server, with its error shape and rate limit."""
    server = app.server
    config = runtime(server).config
    server.register_blueprint(bp)
    # Paths under /api outside v1 would otherwise fall through to Dash's page route.
    for rule in ("/api", "/api/", "/api/<path:rest>"):
        server.add_url_rule(
            rule,
            f"api_outside_v1:{rule}",
            service.unknown_route,
            methods=service.ALL_METHODS,
            defaults=None if "rest" in rule else {"rest": ""},
        )
    errors.install_app(server)
    limits.install(server, bp, config.api_rate_limit, config.redis_url)

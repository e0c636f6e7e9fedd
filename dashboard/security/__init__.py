"""Security: who is asking, what each role may do, and the checks every request passes."""

from __future__ import annotations

import ipaddress
import sys
from datetime import timedelta

from dash import Dash
from flask import Response, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.config import Config, ConfigError
from dashboard.runtime import runtime
from dashboard.security import audit, routes
from dashboard.security.access import (
    Refused,
    SignInNeeded,
    audit_request,
    client_ip,
    current_identity,
    database_away,
    gate,
    guarded_callback,
    may,
    require,
)
from dashboard.security.headers import install_headers
from dashboard.security.keys import secret_key
from dashboard.security.roles import Identity, Permission
from dashboard.security.setup import issue_setup_token
from dashboard.store import Store, StoreUnavailable

# Dash's own routes (callbacks, layout, bundles): none has a sign-in limit.
DASH_ROUTES = ("/_dash-", "/_reload-hash", "/_favicon")

__all__ = [
    "Identity",
    "Permission",
    "audit_request",
    "current_identity",
    "guarded_callback",
    "install",
    "may",
    "require",
]


def install(app: Dash, config: Config, store: Store) -> None:
    """Wire sessions, sign-in, the access gate, rate limits and headers into the app."""
    check_debug(config)
    server = app.server
    server.secret_key = secret_key(config.secret_key, config.instance_dir)
    server.config.update(
        SESSION_COOKIE_NAME=cookie_name(config.secure_cookies),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(days=config.kiosk_session_days),
    )
    if config.proxy_hops:
        hops = config.proxy_hops
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=config.redis_url or "memory://",
        key_prefix="headsup-login",
        # A moving window: a fixed one lets twice the limit through across its edge.
        strategy="moving-window",
        # Redis is a hint: if it goes away, count in memory rather than refuse sign-ins.
        in_memory_fallback_enabled=bool(config.redis_url),
        swallow_errors=True,
        on_breach=_audit_breach,
    )
    # The sign-in limits are on the sign-in routes only: keep the hook off every tick.
    limiter.request_filter(lambda: request.path.startswith(DASH_ROUTES))
    # Order matters: know the session, then swap a kiosk token, then decide.
    server.before_request(routes.load_session_identity)
    server.before_request(routes.exchange_kiosk_token)
    server.before_request(gate)
    routes.register_routes(server, limiter, config.login_rate_limit)
    server.register_error_handler(Refused, _refused_answer)
    server.register_error_handler(SignInNeeded, _sign_in_answer)
    for kind in (OperationalError, DBAPIError, StoreUnavailable):
        server.register_error_handler(kind, database_away)
    install_headers(app, config.csp_extra_sources, https=config.secure_cookies)


def cookie_name(secure: bool) -> str:
    """Name the session cookie; over HTTPS the __Host- prefix pins it to this host and path."""
    return f"{'__Host-' if secure else ''}headsup_session"


def check_debug(config: Config) -> None:
    """Refuse the debugger anywhere but on a loopback address: it runs code for anyone."""
    if not config.debug:
        return
    try:
        loopback = config.host == "localhost" or ipaddress.ip_address(config.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigError(f"HEADSUP_DEBUG=1 needs HOST on a loopback address, not {config.host!r}")


def announce_setup(config: Config, store: Store) -> str | None:
    """On a start with no enabled admin, print the one-time admin setup link, once."""
    token = issue_setup_token(store.engine)
    if token is None:
        return None
    base = config.public_url or f"http://{config.host}:{config.port}"
    link = f"{base.rstrip('/')}/setup?token={token}"
    print(
        "\nHeads-Up has no enabled admin yet. Open this one-time link to create the first admin\n"
        f"(valid 24 h, printed only now):\n\n    {link}\n\n"
        "Or create users with `headsup users add NAME --role admin --password-stdin`.\n",
        file=sys.stderr,
        flush=True,
    )
    return link


def _refused_answer(_error: Refused) -> tuple[Response, int]:
    """Answer a refusal raised inside a handler with the same bare JSON as the gate."""
    return jsonify({"error": "not permitted"}), 403


def _sign_in_answer(_error: SignInNeeded) -> tuple[Response, int]:
    """Answer a handler's 401 with the same bare JSON as the gate."""
    return jsonify({"error": "sign-in needed"}), 401


def _audit_breach(limit: object) -> None:
    from flask import request

    engine = runtime().store.engine
    identity = current_identity()
    actor = identity.actor if identity else "anonymous"
    audit.record(engine, actor, "rate-limited", "429", client_ip(), request.path)

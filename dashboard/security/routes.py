"""Sign-in, sign-out, first setup and the kiosk token exchange, as plain Flask routes."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, g, redirect, request, send_from_directory, session
from flask.wrappers import Response as FlaskResponse
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from dashboard.runtime import runtime
from dashboard.security import accounts, audit, forms, setup
from dashboard.security.access import KIOSK_HOME, client_ip, current_identity, sign_in_cookie
from dashboard.security.kiosks import kiosk_for_token
from dashboard.security.memo import MEMO
from dashboard.security.passwords import check_password_rules
from dashboard.security.roles import Identity
from dashboard.security.sessions import close_session, load_identity, open_session
from dashboard.security.tokens import token_hash

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/favicon.ico")
ASSETS = Path(__file__).resolve().parents[2] / "assets"
SETUP_TITLE = "Create the first admin"
UNSAFE_IN_NEXT = re.compile(r"[\x00-\x20\x7f]")


def load_session_identity() -> None:
    """Find who holds this request's session (before_request; static files skip it)."""
    g.identity = None
    token = session.get("sid")
    if not token or request.path.startswith(STATIC_PREFIXES):
        return
    config = runtime().config
    sid = token_hash(str(token))
    g.identity = MEMO.get(sid, config.session_recheck_s)
    if g.identity is None:
        idle = timedelta(minutes=config.session_idle_min)
        g.identity = load_identity(runtime().store.engine, str(token), idle)
        if g.identity is None:
            session.pop("sid", None)
        else:
            MEMO.put(sid, g.identity)


def exchange_kiosk_token() -> Response | None:
    """Turn `/wall?token=...` into a read-only kiosk session and drop the token from the URL."""
    if request.path != KIOSK_HOME or "token" not in request.args:
        return None
    engine = runtime().store.engine
    kiosk_id = kiosk_for_token(engine, request.args["token"])
    if kiosk_id is None:
        audit.record(engine, "anonymous", "kiosk.login", "refused", client_ip(), "bad token")
        return forms.answer(403, "Kiosk link not valid", "Ask an admin for a new link.")
    _end_current_session()
    days = timedelta(days=runtime().config.kiosk_session_days)
    sign_in_cookie(open_session(engine, days, kiosk_id=kiosk_id), permanent=True)
    audit.record(engine, f"kiosk:{kiosk_id}", "kiosk.login", "ok", client_ip())
    return redirect(KIOSK_HOME, code=303)


def login() -> Response | str:
    """Show the sign-in form, or check the submitted name and password."""
    if request.method == "GET":
        return forms.answer(200, "Sign in", "", forms.LOGIN_FIELDS, request.full_path, "Sign in")
    if not forms.csrf_ok(request.form.get("csrf")):
        return _bad_form("Sign in", "The form expired; please try again.", forms.LOGIN_FIELDS)
    engine = runtime().store.engine
    name = request.form.get("username", "")[:64]
    user = accounts.authenticate(engine, name, request.form.get("password", ""))
    if user is None:
        audit.record(engine, f"user:{name}", "login", "failed", client_ip())
        message = "Wrong user name or password, or the account is disabled."
        return forms.answer(401, "Sign in", message, forms.LOGIN_FIELDS, "", "Sign in")
    _start_user_session(user)
    audit.record(engine, f"user:{name}", "login", "ok", client_ip())
    return redirect(safe_next(request.args.get("next")), code=303)


def logout() -> Response | str:
    """Ask to confirm (GET), or end the session (POST with the CSRF token)."""
    if request.method == "GET":
        return forms.answer(200, "Sign out", "", [], "/logout", "Sign out")
    if not forms.csrf_ok(request.form.get("csrf")):
        return _bad_form("Sign out", "The form expired; please try again.", [])
    identity = current_identity()
    _end_current_session()
    if identity is not None:
        audit.record(runtime().store.engine, identity.actor, "logout", "ok", client_ip())
    return redirect("/login", code=303)


def first_setup() -> Response | str:
    """Create the first admin from the one-time link printed at first start."""
    engine = runtime().store.engine
    token = request.values.get("token", "")
    if setup.setup_done(engine):
        done = (
            "An admin exists already: sign in. To add another admin, run "
            "headsup users add NAME --role admin on the server."
        )
        return forms.answer(409, "Setup is already done", done, link=("/login", "Sign in"))
    if not setup.setup_token_valid(engine, token):
        return forms.answer(404, "Setup link not valid", "It was used or has expired.")
    hidden = {"token": token}
    if request.method == "GET":
        return forms.answer(200, SETUP_TITLE, "", forms.SETUP_FIELDS, "/setup", "Create", hidden)
    name, password = request.form.get("username", ""), request.form.get("password", "")
    problem = _setup_problem(name, password, request.form.get("password2", ""))
    if problem is None and not setup.spend_setup_token(engine, token):
        problem = "This setup link was used a moment ago."
    if problem:
        return forms.answer(
            400, SETUP_TITLE, problem, forms.SETUP_FIELDS, "/setup", "Create", hidden
        )
    accounts.add_user(engine, name, "admin", password, f"setup:{name}", client_ip())
    user = accounts.authenticate(engine, name, password)
    assert user is not None
    _start_user_session(user)
    audit.record(engine, f"user:{name}", "login", "ok", client_ip(), "first setup")
    return redirect("/", code=303)


def _setup_problem(name: str, password: str, again: str) -> str | None:
    if not forms.csrf_ok(request.form.get("csrf")):
        return "The form expired; please try again."
    if password != again:
        return "The two passwords differ."
    try:
        accounts.check_name(name)
        check_password_rules(password)
    except ValueError as exc:
        return str(exc)
    if accounts.user_exists(runtime().store.engine, name):
        # Setup stays open while only non-admin users exist: their names are taken.
        return "That user name is taken; choose another."
    return None


def safe_next(target: str | None) -> str:
    """Return a local path to go to after sign-in; anything else goes home.

    Browsers drop tabs and newlines from a Location, so `/\t/evil.example` would become
    `//evil.example`: any control character or space, a scheme or a host sends home.
    """
    if not target or UNSAFE_IN_NEXT.search(target) or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _start_user_session(user: dict) -> None:
    _end_current_session()
    hours = timedelta(hours=runtime().config.session_max_h)
    token = open_session(runtime().store.engine, hours, user_id=user["id"])
    sign_in_cookie(token, permanent=False)
    # Just checked: the first requests after sign-in need not read it back.
    sid = token_hash(token)
    MEMO.put(sid, Identity("user", user["name"], user["role"], sid))


def _end_current_session() -> None:
    token = session.get("sid")
    if token:
        close_session(runtime().store.engine, str(token))
    session.clear()


def _bad_form(title: str, message: str, fields: list) -> Response:
    return forms.answer(400, title, message, fields, request.full_path, title)


def register_routes(server: Flask, limiter: Limiter, rate: str) -> None:
    """Add the routes; failed sign-ins are limited per address and per name at an address.

    Not per name alone: then anyone could keep a named user (the admin on duty) out by
    failing five times a minute from anywhere. A guesser spread over many addresses is
    still held to the limit at each of them. Only failures count: a command center behind
    one address signs in a whole shift at once.
    """
    per_name = limiter.limit(
        rate,
        key_func=lambda: f"user:{request.form.get('username', '')[:64]}@{get_remote_address()}",
        methods=["POST"],
        on_breach=too_many_page,
        deduct_when=failed,
    )
    per_address = limiter.limit(
        rate,
        key_func=get_remote_address,
        methods=["POST"],
        on_breach=too_many_page,
        deduct_when=failed,
    )
    server.add_url_rule("/login", "login", per_address(per_name(login)), methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", logout, methods=["GET", "POST"])
    server.add_url_rule("/setup", "setup", per_address(first_setup), methods=["GET", "POST"])
    server.add_url_rule("/favicon.ico", "favicon", favicon)


def failed(response: FlaskResponse) -> bool:
    """Tell the limiter whether an attempt counts: anything but a successful redirect."""
    return response.status_code != 303


def too_many_page(limit: RequestLimit) -> FlaskResponse:
    """Answer a limited sign-in or setup attempt with the same page, a 429 and Retry-After."""
    title = SETUP_TITLE if request.path == "/setup" else "Sign in"
    wait = max(1, limit.reset_at - int(time.time()))
    message = f"Too many attempts from here; wait {wait} s, then try again."
    response = forms.answer(429, title, message)
    response.headers["Retry-After"] = str(wait)
    return response


def favicon() -> Response:
    """Serve the icon browsers ask for at the root (public: it carries no data)."""
    return send_from_directory(ASSETS, "favicon.ico", max_age=86400)

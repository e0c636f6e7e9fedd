"""Sign-in limits an attacker cannot turn into a lockout of a named user."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from tests.auth import PASSWORD, form_csrf, make_user


def attempt(app: Dash, address: str, name: str, password: str):
    """Post the login form from an address, as a fresh browser would."""
    client = app.server.test_client()
    env = {"REMOTE_ADDR": address}
    csrf = form_csrf(client.get("/login", environ_base=env).get_data(as_text=True))
    data = {"csrf": csrf, "username": name, "password": password}
    return client.post("/login", data=data, environ_base=env)


def test_rel050_failures_against_a_name_from_elsewhere_do_not_lock_it_out(
    config: Config,
) -> None:
    app = create_app(replace(config, login_rate_limit="3 per minute"))
    try:
        make_user(app, "admin-on-duty", "admin")
        for n in range(12):  # an attacker cycling addresses, four times the limit
            assert attempt(app, f"203.0.113.{n}", "admin-on-duty", "wrong!").status_code == 401
        assert attempt(app, "192.0.2.10", "admin-on-duty", PASSWORD).status_code == 303
        for _ in range(3):
            attempt(app, "203.0.113.99", "admin-on-duty", "wrong!")
        limited = attempt(app, "203.0.113.99", "admin-on-duty", PASSWORD)
        assert limited.status_code == 429
        assert 0 < int(limited.headers["Retry-After"]) <= 61
        assert "text/html" in limited.headers["Content-Type"]
    finally:
        app.server.extensions["headsup"].stop()

"""Every sign-in, setup, sign-out and kiosk page, errors included, is an HTML page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from dashboard.config import Config
from dashboard.factory import create_app
from tests.auth import PASSWORD, form_csrf, make_user, sign_in

LINK = re.compile(r"http://\S+/setup\?token=(\S+)")
HTML = "text/html; charset=utf-8"


@pytest.fixture
def fresh(config: Config, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[Dash, str]]:
    """An app with no users yet, and its one-time setup token."""
    app = create_app(config)
    token = LINK.findall(capsys.readouterr().err)[0]
    yield app, token
    app.server.extensions["headsup"].stop()


def setup_post(client: FlaskClient, token: str, password: str, again: str) -> TestResponse:
    csrf = form_csrf(client.get(f"/setup?token={token}").get_data(as_text=True))
    data = {"csrf": csrf, "token": token, "username": "chief"}
    return client.post("/setup", data={**data, "password": password, "password2": again})


def login_post(client: FlaskClient, password: str, csrf: bool = True) -> TestResponse:
    page = client.get("/login").get_data(as_text=True)
    data = {"username": "dana", "password": password}
    return client.post("/login", data={**data, "csrf": form_csrf(page)} if csrf else data)


def signed_in(app: Dash) -> FlaskClient:
    client = app.server.test_client()
    sign_in(client, "dana")
    return client


def used_link(app: Dash, token: str) -> TestResponse:
    setup_post(app.server.test_client(), token, PASSWORD, PASSWORD)
    return app.server.test_client().get(f"/setup?token={token}")


def signed_out_setup(app: Dash) -> TestResponse:
    return app.server.test_client().get("/setup?token=nope")


CASES: dict[str, tuple[int, str, Callable[[Dash, str], TestResponse]]] = {
    "wrong password": (
        401,
        "Wrong user name or password",
        lambda app, _t: login_post(app.server.test_client(), "not-the-password"),
    ),
    "expired sign-in form": (
        400,
        "The form expired",
        lambda app, _t: login_post(app.server.test_client(), PASSWORD, csrf=False),
    ),
    "expired sign-out form": (
        400,
        "The form expired",
        lambda app, _t: signed_in(app).post("/logout", data={}),
    ),
    "short password": (
        400,
        "at least 12",
        lambda app, t: setup_post(app.server.test_client(), t, "short", "short"),
    ),
    "passwords differ": (
        400,
        "differ",
        lambda app, t: setup_post(app.server.test_client(), t, PASSWORD, PASSWORD + "x"),
    ),
    "expired setup form": (
        400,
        "The form expired",
        lambda app, t: app.server.test_client().post("/setup", data={"token": t}),
    ),
    "unknown setup link": (
        404,
        "It was used or has expired",
        lambda app, _t: app.server.test_client().get("/setup?token=nope"),
    ),
    # After setup, any link (even one never used) says so and leads to sign-in.
    "used setup link": (409, "Setup is already done", used_link),
    "setup link after setup": (
        409,
        '<a class="auth-link" href="/login">Sign in</a>',
        lambda app, _t: (make_user(app, "fay", "admin"), signed_out_setup(app))[1],
    ),
    # An admin added on the server closes the link; the page says how to add another.
    # (A non-admin user leaves it open: test_sec044.)
    "setup link after an admin added on the server": (
        409,
        "headsup users add NAME --role admin",
        lambda app, _t: (make_user(app, "gus", "admin"), signed_out_setup(app))[1],
    ),
    "bad kiosk token": (
        403,
        "Ask an admin for a new link",
        lambda app, _t: app.server.test_client().get("/wall?token=forged"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_sec100_auth_error_pages_are_html_with_their_message(
    fresh: tuple[Dash, str], case: str
) -> None:
    app, token = fresh
    if case in ("wrong password", "expired sign-in form", "expired sign-out form"):
        make_user(app, "dana", "viewer")
    status, message, make = CASES[case]
    response = make(app, token)
    assert response.status_code == status
    assert response.headers["Content-Type"] == HTML
    body = response.get_data(as_text=True)
    assert message in body
    assert 'class="auth-message"' in body and 'href="/assets/auth.css"' in body


@pytest.mark.parametrize("path", ["/login", "/logout", "/setup?token=nope"])
def test_sec101_auth_pages_are_html(app: Dash, path: str) -> None:
    client = app.server.test_client()
    if path == "/logout":
        make_user(app, "erin", "viewer")
        page = client.get("/login").get_data(as_text=True)
        client.post(
            "/login", data={"csrf": form_csrf(page), "username": "erin", "password": PASSWORD}
        )
    response = client.get(path)
    assert response.headers["Content-Type"] == HTML
    assert 'class="auth-card"' in response.get_data(as_text=True)


def test_sec102_favicon_is_served_to_anyone_not_redirected(app: Dash) -> None:
    response = app.server.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_sec104_a_rate_limited_sign_in_is_the_sign_in_page_with_a_429(app: Dash) -> None:
    client = app.server.test_client()
    limit = int(app.server.extensions["headsup"].config.login_rate_limit.split()[0])
    for n in range(limit):
        assert sign_in(client, f"guess{n}", "wrong password!").status_code == 401
    blocked = sign_in(client, "guess")
    assert blocked.status_code == 429
    assert blocked.headers["Content-Type"] == HTML
    body = blocked.get_data(as_text=True)
    assert "Too many attempts" in body and 'class="auth-card"' in body

"""First start: no default password, a one-time setup link printed exactly once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import update

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.store.security_schema import setup_tokens, users
from tests.auth import PASSWORD, form_csrf, make_user

LINK = re.compile(r"http://\S+/setup\?token=(\S+)")


def start(config: Config) -> Dash:
    app = create_app(config)
    app.server.extensions["headsup"].stop()
    return app


def test_sec040_first_start_prints_a_setup_link_exactly_once(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    start(config)
    first = capsys.readouterr().err
    assert len(LINK.findall(first)) == 1
    start(config)
    assert "setup?token" not in capsys.readouterr().err


def test_sec041_setup_link_creates_the_admin_and_signs_in_once(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(config)
    try:
        token = LINK.findall(capsys.readouterr().err)[0]
        client = app.server.test_client()
        page = client.get(f"/setup?token={token}")
        assert page.status_code == 200
        data = {
            "csrf": form_csrf(page.get_data(as_text=True)),
            "token": token,
            "username": "chief",
            "password": PASSWORD,
            "password2": PASSWORD,
        }
        assert client.post("/setup", data=data).headers["Location"] == "/"
        layout = client.get("/_dash-layout").get_data(as_text=True)
        assert "chief \\u00b7 admin" in layout  # the user menu, JSON-escaped
        again = app.server.test_client()
        used = again.get(f"/setup?token={token}")
        assert used.status_code == 409  # users exist now: setup is done, sign in instead
        assert "already done" in used.get_data(as_text=True)
    finally:
        app.server.extensions["headsup"].stop()
    start(config)
    assert "setup?token" not in capsys.readouterr().err  # users exist: no new link


@pytest.mark.parametrize(
    ("password", "again", "problem"),
    [("short", "short", "at least 12"), (PASSWORD, PASSWORD + "x", "differ")],
)
def test_sec042_setup_refuses_weak_or_mistyped_passwords(
    config: Config, capsys: pytest.CaptureFixture[str], password: str, again: str, problem: str
) -> None:
    app = create_app(config)
    try:
        token = LINK.findall(capsys.readouterr().err)[0]
        client = app.server.test_client()
        csrf = form_csrf(client.get(f"/setup?token={token}").get_data(as_text=True))
        data = {"csrf": csrf, "token": token, "username": "chief"}
        response = client.post("/setup", data={**data, "password": password, "password2": again})
        assert response.status_code == 400
        assert problem in response.get_data(as_text=True)
        assert client.get(f"/setup?token={token}").status_code == 200  # still usable
    finally:
        app.server.extensions["headsup"].stop()


def test_sec043_setup_link_uses_the_public_url(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    start(replace(config, public_url="https://heads-up.example.org/"))
    assert "https://heads-up.example.org/setup?token=" in capsys.readouterr().err


def setup_form(client: FlaskClient, token: str, name: str) -> dict[str, str]:
    page = client.get(f"/setup?token={token}")
    assert page.status_code == 200, page.status_code
    csrf = form_csrf(page.get_data(as_text=True))
    return {"csrf": csrf, "token": token, "username": name}


def test_sec044_setup_stays_open_while_users_exist_but_no_admin(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(config)
    try:
        token = LINK.findall(capsys.readouterr().err)[0]
        make_user(app, "desk", "operator")  # added on the server before the first admin
        client = app.server.test_client()
        taken = setup_form(client, token, "desk")
        answer = client.post("/setup", data={**taken, "password": PASSWORD, "password2": PASSWORD})
        assert answer.status_code == 400
        assert "taken" in answer.get_data(as_text=True)
        data = {**setup_form(client, token, "chief"), "password": PASSWORD, "password2": PASSWORD}
        assert client.post("/setup", data=data).headers["Location"] == "/"
        assert app.server.test_client().get(f"/setup?token={token}").status_code == 409
    finally:
        app.server.extensions["headsup"].stop()


def test_sec045_a_start_with_only_a_disabled_admin_prints_a_setup_link(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    app = start(config)
    capsys.readouterr()
    make_user(app, "chief", "admin")
    make_user(app, "desk", "operator")
    engine = app.server.extensions["headsup"].store.engine
    with engine.begin() as conn:  # no route disables the last admin: only the database can
        conn.execute(update(users).where(users.c.name == "chief").values(disabled=True))
        conn.execute(update(setup_tokens).values(used_at=datetime.now(UTC)))
    start(config)
    assert len(LINK.findall(capsys.readouterr().err)) == 1

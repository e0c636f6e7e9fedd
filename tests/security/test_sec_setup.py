"""First start: no default password, a one-time setup link printed exactly once."""

from __future__ import annotations

import re

import pytest
from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from tests.auth import PASSWORD, form_csrf

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

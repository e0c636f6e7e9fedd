"""Sign in for tests through the real /login form: in the Flask test client or in Chromium."""

from __future__ import annotations

import re
from typing import Any

from dash import Dash
from flask.testing import FlaskClient

from dashboard.security.accounts import add_user
from dashboard.security.kiosks import create_kiosk

PASSWORD = "correct horse battery staple"
ROLES = ("viewer", "operator", "analyst", "admin")


def make_user(app: Dash, name: str, role: str, password: str = PASSWORD) -> None:
    """Create a user straight in the app's store, as `headsup users add` would."""
    add_user(app.server.extensions["headsup"].store.engine, name, role, password, "test", "test")


def make_kiosk(app: Dash, name: str, cities: list[str] | None = None) -> str:
    """Create a kiosk token and return it."""
    engine = app.server.extensions["headsup"].store.engine
    return create_kiosk(engine, name, cities or [], "test", "test")


def form_csrf(html: str) -> str:
    """Return the CSRF token of a form page."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def sign_in(client: FlaskClient, name: str, password: str = PASSWORD) -> Any:
    """Post the login form like a browser (CSRF token included); return the response."""
    csrf = form_csrf(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf": csrf, "username": name, "password": password})


def client_as(app: Dash, role: str) -> FlaskClient:
    """Return a test client signed in as a new user with `role` (named after it)."""
    make_user(app, f"{role}-user", role)
    client = app.server.test_client()
    assert sign_in(client, f"{role}-user").status_code == 303
    return client


def kiosk_client(app: Dash, cities: list[str] | None = None, name: str = "lobby") -> FlaskClient:
    """Return a test client holding a kiosk session made from a fresh kiosk link."""
    client = app.server.test_client()
    assert client.get(f"/wall?token={make_kiosk(app, name, cities)}").status_code == 303
    return client


def browser_sign_in(driver: Any, base_url: str, name: str, password: str = PASSWORD) -> None:
    """Sign a browser in through the login form and wait for the app to load.

    `driver` is Dash's testing Browser (tests/browser/harness.py) or a Selenium driver.
    """
    from selenium.webdriver.common.by import By

    from tests.browser.harness import wait_until

    driver.get(f"{base_url}/login")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "auth-submit").click()
    if hasattr(driver, "wait_for_element_by_id"):
        driver.wait_for_element_by_id("user-menu", timeout=20)
    else:
        wait_until(driver, lambda d: d.find_element(By.ID, "user-menu"), timeout=20)

"""Sign-in, setup and kiosk error pages in a real browser: styled pages with their message."""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from dashboard.config import Config
from dashboard.factory import create_app
from tests.browser.conftest import new_chrome, wait_until

LINK = re.compile(r"/setup\?token=(\S+)")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server with no users yet (so setup links work), and its one-time setup token."""
    folder = tmp_path_factory.mktemp("auth-pages")
    config = Config(
        database_url=f"sqlite:///{folder / 'h.db'}", testing=True, instance_dir=str(folder)
    )
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        app = create_app(config)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", LINK.findall(printed.getvalue())[0]
    server.shutdown()
    thread.join(timeout=10)
    app.server.extensions["headsup"].stop()


@pytest.fixture(scope="module")
def anonymous() -> Iterator[webdriver.Chrome]:
    driver = new_chrome()
    yield driver
    driver.quit()


def submit(driver: webdriver.Chrome, **fields: str) -> None:
    for name, value in fields.items():
        driver.find_element(By.ID, name).send_keys(value)
    driver.find_element(By.ID, "auth-submit").click()


def wrong_password(d: webdriver.Chrome, url: str, _token: str) -> None:
    d.get(url + "/login")
    submit(d, username="nobody", password="not the password")


def expired_form(d: webdriver.Chrome, url: str, _token: str) -> None:
    d.get(url + "/login")
    d.delete_all_cookies()  # the form's CSRF token no longer matches any session
    submit(d, username="nobody", password="whatever")


def short_password(d: webdriver.Chrome, url: str, token: str) -> None:
    d.get(f"{url}/setup?token={token}")
    submit(d, username="chief", password="short", password2="short")


CASES: dict[str, tuple[Callable[[webdriver.Chrome, str, str], None], str]] = {
    "wrong-password": (wrong_password, "Wrong user name or password"),
    "expired-form": (expired_form, "The form expired"),
    "short-password": (short_password, "at least 12"),
    "bad-setup-link": (lambda d, url, _t: d.get(url + "/setup?token=nope"), "It was used"),
    "bad-kiosk-link": (lambda d, url, _t: d.get(url + "/wall?token=nope"), "Ask an admin"),
}


@pytest.mark.parametrize("case", CASES)
def test_sec103_auth_error_pages_render_as_styled_pages(
    fresh: tuple[str, str],
    anonymous: webdriver.Chrome,
    case: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    url, token = fresh
    go, message = CASES[case]
    go(anonymous, url, token)
    shown = wait_until(anonymous, lambda d: d.find_element(By.CSS_SELECTOR, ".auth-message"))
    assert message in shown.text and shown.is_displayed()
    assert anonymous.execute_script("return document.contentType") == "text/html"
    # The sign-in page's own stylesheet applies: a centred card, not raw markup.
    card = anonymous.find_element(By.CSS_SELECTOR, "main.auth-card")
    assert card.value_of_css_property("width") == "360px"
    shots: Path = tmp_path_factory.getbasetemp() / "auth-shots"
    shots.mkdir(exist_ok=True)
    anonymous.save_screenshot(str(shots / f"{case}.png"))

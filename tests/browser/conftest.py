"""Browser-test fixtures: one real server per module and one headless Chromium.

The browser is Dash's own testing `Browser` (tests/browser/harness.py). The server is a
werkzeug server on a kernel-chosen port, not dash.testing's ThreadedRunner: that runner
takes ports from a per-process counter (58050, 58051, ...) that collides between
concurrent pytest processes, and stops by raising SystemExit in every thread started
after it (open keep-alive request threads, the demo feed, a second server), which pytest
reports as an unhandled thread exception in the next test.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from dash import Dash
from dash.testing.browser import Browser
from selenium import webdriver
from werkzeug.serving import BaseWSGIServer, make_server

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.runtime import Runtime
from tests.auth import PASSWORD, browser_sign_in, form_csrf, make_user
from tests.browser.harness import (
    BENIGN,
    CHROME_FLAGS,
    CHROMEDRIVER,
    CHROMIUM,
    Chrome,
    attribute_of,
    chrome_options,
    click,
    console_errors,
    map_rendered,
    plotted,
    text_of,
    wait_map_drawn,
    wait_until,
)

__all__ = [
    "BENIGN",
    "CHROMEDRIVER",
    "CHROME_FLAGS",
    "CHROMIUM",
    "Chrome",
    "LiveServer",
    "attribute_of",
    "click",
    "console_errors",
    "map_rendered",
    "new_chrome",
    "plotted",
    "start_server",
    "text_of",
    "wait_map_drawn",
    "wait_until",
]

# Every live server has this operator; `chrome` is signed in as them.
BROWSER_USER = "operator"
# Fixtures dash.testing's own plugin already snapshots on failure.
DASH_FIXTURES = {"dash_duo", "dash_br", "dashr", "dashjl"}


def pytest_setup_options() -> webdriver.ChromeOptions:
    """Give dash.testing's stock `dash_br` and `dash_duo` Debian's headless Chromium too."""
    return chrome_options()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep a screenshot of every browser of a failed test, in /tmp/dash_artifacts."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name, value in getattr(item, "funcargs", {}).items():
        if isinstance(value, Browser) and name not in DASH_FIXTURES:
            value.take_snapshot(f"{item.name}-{name}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """A running app on a free loopback port."""

    app: Dash
    url: str
    server: BaseWSGIServer
    thread: threading.Thread
    user: str = BROWSER_USER  # whom `http()` signs in as
    _sessions: dict[str, requests.Session] = field(default_factory=dict)

    def http(self) -> requests.Session:
        """Return an HTTP session signed in as `user` through the login form, like a browser."""
        if self.user not in self._sessions:
            session = requests.Session()
            page = session.get(self.url + "/login", timeout=10).text
            data = {"csrf": form_csrf(page), "username": self.user, "password": PASSWORD}
            answer = session.post(self.url + "/login", data=data, timeout=10)
            assert answer.url.endswith("/"), answer.text[:200]
            self._sessions[self.user] = session
        return self._sessions[self.user]

    def sign_in(self, driver: Any, name: str = BROWSER_USER) -> None:
        """Sign the browser in through the real login form."""
        browser_sign_in(driver, self.url, name)

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime, to write events through its own store."""
        return self.app.server.extensions["headsup"]

    def stop(self) -> None:
        """Shut the server down and release the store."""
        for session in self._sessions.values():
            session.close()
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.runtime.stop()


def start_server(config: Config, feed: bool = False) -> LiveServer:
    """Create the app and serve it from a background thread."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(config, start_feed=feed)
    make_user(app, BROWSER_USER, "operator")
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return LiveServer(app, f"http://127.0.0.1:{server.server_port}", server, thread)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the demo scenario (no feed: tests write events themselves)."""
    db = tmp_path_factory.mktemp("browser") / "headsup.db"
    config = Config(
        database_url=f"sqlite:///{db}",
        testing=True,
        demo=True,
        refresh_ms=500,
        instance_dir=str(db.parent / "instance"),
    )
    running = start_server(config)
    yield running
    running.stop()


def new_chrome(width: int = 1920, height: int = 1080) -> Chrome:
    """Start headless Debian Chromium (Dash's testing Browser) with an exact viewport."""
    return Chrome(width, height)


@pytest.fixture(scope="module")
def chrome(live_server: LiveServer) -> Iterator[Chrome]:
    """One browser per module, signed in to the module's server as an operator."""
    with new_chrome() as driver:
        live_server.sign_in(driver)
        yield driver

"""Browser-test fixtures: one real server per module and one headless Chromium."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from dash import Dash
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import BaseWSGIServer, make_server

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.runtime import Runtime
from tests.auth import PASSWORD, browser_sign_in, form_csrf, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1920,1080",
)
# Every live server has this operator; `chrome` is signed in as them.
BROWSER_USER = "operator"
# Software WebGL in headless Chromium logs these at WARNING; they are not page errors.
BENIGN = ("GPU stall", "WebGL", "favicon.ico")


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

    def sign_in(self, driver: webdriver.Chrome, name: str = BROWSER_USER) -> None:
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


def new_chrome(width: int = 1920, height: int = 1080) -> webdriver.Chrome:
    """Start headless Debian Chromium with an exact viewport and console logging."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


@pytest.fixture(scope="module")
def chrome(live_server: LiveServer) -> Iterator[webdriver.Chrome]:
    """One browser per module, signed in to the module's server as an operator."""
    driver = new_chrome()
    live_server.sign_in(driver)
    yield driver
    driver.quit()


def console_errors(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """Return the SEVERE console entries logged since the last call."""
    return [
        entry
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and not any(b in entry["message"] for b in BENIGN)
    ]


def wait_until(
    driver: webdriver.Chrome, condition: Callable[[Any], Any], timeout: float = 10.0
) -> Any:
    """Wait for a condition to hold, polling; never a fixed sleep."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def click(driver: webdriver.Chrome, css: str, timeout: float = 10.0) -> None:
    """Scroll an element to the middle of its scroller and click it, retrying while covered.

    A grid row at the bottom edge can sit under AG Grid's horizontal scrollbar.
    """

    def attempt(d: webdriver.Chrome) -> bool:
        try:
            element = d.find_element(By.CSS_SELECTOR, css)
            d.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
            element.click()
        except (
            NoSuchElementException,
            ElementClickInterceptedException,
            StaleElementReferenceException,
        ):
            return False
        return True

    wait_until(driver, attempt, timeout)


def plotted(driver: webdriver.Chrome, graph_id: str) -> list[dict[str, Any]]:
    """Return the traces Plotly actually drew in a dcc.Graph (not the server's answer)."""
    return driver.execute_script(
        """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        if (!gd || !gd._fullData) return null;
        return gd._fullData.map(t => ({name: t.name, lat: Array.from(t.lat || []),
          lon: Array.from(t.lon || []), ids: Array.from(t.customdata || []),
          color: t.marker && Array.isArray(t.marker.color) ? t.marker.color : []}));
        """,
        graph_id,
    )


def map_rendered(driver: webdriver.Chrome, graph_id: str) -> bool:
    """Tell whether MapLibre finished drawing the map's style, sources and tiles."""
    return bool(
        driver.execute_script(
            """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        const map = sub && sub.map;
        return !!map && map.loaded() && map.areTilesLoaded() && map.isStyleLoaded();
        """,
            graph_id,
        )
    )

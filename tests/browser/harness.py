"""Headless Debian Chromium driven through Dash's own testing `Browser`, and the waits tests use."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

from dash.testing.browser import Browser
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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
# Software WebGL in headless Chromium logs these at WARNING; they are not page errors.
BENIGN = ("GPU stall", "WebGL", "favicon.ico")
# React replaces nodes between a find and a read: a wait polls again instead of failing.
IGNORED = (NoSuchElementException, StaleElementReferenceException)
BY_NAMES = frozenset(k for k in vars(By) if k.isupper())  # Dash's spelling: "CSS_SELECTOR"
BY_VALUES = frozenset(getattr(By, k) for k in BY_NAMES)  # Selenium's: "css selector"


def chrome_options(width: int = 1920, height: int = 1080) -> webdriver.ChromeOptions:
    """Return options for Debian's headless Chromium with an exact window and no network."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        if not flag.startswith("--window-size"):
            options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    return options


def selenium_style(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Tell a Selenium find call (By.ID, "x") from Dash's ("#x") or ("x", "ID")."""
    if "by" in kwargs or "value" in kwargs:
        return True
    return len(args) == 2 and args[0] in BY_VALUES and args[1] not in BY_NAMES


class Chrome(Browser):
    """Dash's testing Browser on Debian Chromium that also answers as a Selenium driver.

    Dash gives the waits (`wait_for_element`, `wait_for_text_to_equal`,
    `wait_for_contains_text`, ...), `get_logs()` and `take_snapshot()`; tests written
    against a plain driver (`chrome.get(url)`, `chrome.find_element(By.ID, "x")`) keep
    working, the driver's own methods being reached through `driver`.
    """

    def __init__(self, width: int = 1920, height: int = 1080, wait_timeout: int = 10) -> None:
        # Browser starts `chromedriver` from PATH: make sure it is Debian's, matching Chromium.
        found = shutil.which("chromedriver")
        if found is None or shutil.which(CHROMEDRIVER) != found:
            raise RuntimeError(f"chromedriver on PATH is {found}, not {CHROMEDRIVER}")
        # The options already hold --headless=new; headless=True would add a bare --headless.
        super().__init__(
            "chrome",
            options=[chrome_options(width, height)],
            percy_run=False,
            wait_timeout=wait_timeout,
        )
        # Dash sets a 2 s implicit wait; explicit waits only, so absence is answered at once.
        self.driver.implicitly_wait(0)
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def find_element(self, *args: Any, **kwargs: Any) -> Any:
        """Find by Dash's (selector, attribute name) or by Selenium's (By.X, value)."""
        if selenium_style(args, kwargs):
            return self.driver.find_element(*args, **kwargs)
        return super().find_element(*args, **kwargs)

    def find_elements(self, *args: Any, **kwargs: Any) -> Any:
        """Find all by Dash's (selector, attribute name) or by Selenium's (By.X, value)."""
        if selenium_style(args, kwargs):
            return self.driver.find_elements(*args, **kwargs)
        return super().find_elements(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        """Reach the Selenium driver for what Dash's Browser does not define."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.driver, name)


def console_errors(driver: Any) -> list[dict[str, Any]]:
    """Return the SEVERE console entries logged since the last call, benign ones left out."""
    entries = driver.get_logs() if isinstance(driver, Browser) else driver.get_log("browser")
    return [
        entry
        for entry in entries
        if entry["level"] == "SEVERE" and not any(b in entry["message"] for b in BENIGN)
    ]


def wait_until(driver: Any, condition: Callable[[Any], Any], timeout: float = 10.0) -> Any:
    """Wait for a condition to hold, polling, through stale or missing elements."""
    wait = WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=IGNORED)
    return wait.until(condition)


def text_of(driver: Any, selector: str) -> str:
    """Return an element's text read in the page, immune to React replacing the node."""
    script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';"
    return driver.execute_script(script, selector)


def attribute_of(driver: Any, selector: str, name: str) -> str | None:
    """Return an element's attribute read in the page, immune to React replacing the node."""
    script = (
        "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);"
    )
    return driver.execute_script(script, selector, name)


def click(driver: Any, css: str, timeout: float = 10.0) -> None:
    """Scroll an element to the middle of its scroller and click it, retrying while covered.

    A grid row at the bottom edge can sit under AG Grid's horizontal scrollbar.
    """

    def attempt(d: Any) -> bool:
        try:
            element = d.find_element(By.CSS_SELECTOR, css)
            d.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
            element.click()
        except (*IGNORED, ElementClickInterceptedException):
            return False
        return True

    wait_until(driver, attempt, timeout)


def plotted(driver: Any, graph_id: str) -> list[dict[str, Any]]:
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


def map_rendered(driver: Any, graph_id: str) -> bool:
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


# Sets a flag on MapLibre's `idle` event (every source, tile and frame done), listening on
# whatever map object Plotly holds now; arguments[1] clears the flag first.
MAP_IDLE_SEEN = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
const map = sub && sub.map;
if (!map) return false;
if (!map.headsupIdleHeard) {
  map.headsupIdleHeard = true;
  map.on('idle', () => { gd.headsupIdleSeen = true; });
}
if (arguments[1]) { gd.headsupIdleSeen = false; return false; }
return gd.headsupIdleSeen === true
  || (map.loaded() && map.areTilesLoaded() && map.isStyleLoaded());
"""


def wait_map_drawn(driver: Any, graph_id: str, timeout: float = 10.0) -> None:
    """Wait until the map has drawn everything once from now, even if it changes again.

    `map_rendered` samples: on a live map whose frames take longer than the time between
    updates (a 4K canvas in software WebGL, patched every tick) a sample seldom falls in
    an idle moment, though MapLibre reaches one between updates. The `idle` event, once
    heard, is not missed.
    """
    driver.execute_script(MAP_IDLE_SEEN, graph_id, True)
    wait_until(driver, lambda d: d.execute_script(MAP_IDLE_SEEN, graph_id, False), timeout)

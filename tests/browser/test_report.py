"""An incident entered by hand: picked on the map, reported, seen elsewhere, then closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from dashboard import ids
from tests.auth import make_user
from tests.browser.conftest import (
    LiveServer,
    click,
    console_errors,
    map_rendered,
    new_chrome,
    plotted,
    wait_until,
)
from tests.browser.test_tracking import choose

TITLE = "Federal agents staging at the Home Depot"
# The live server ticks every 500 ms: a change shows within a few ticks. The guard is
# wider (60 ticks) because a CI machine running the whole suite can stall a browser.
TICKS_10 = 30.0
SLOW = 30.0  # a failure guard for each step, not a timing assertion


@pytest.fixture(scope="module")
def viewer_chrome(live_server: LiveServer) -> Iterator[webdriver.Chrome]:
    """A second command-center screen, signed in as a viewer."""
    make_user(live_server.app, "vera", "viewer")
    driver = new_chrome()
    live_server.sign_in(driver, "vera")
    yield driver
    driver.quit()


def row_id(driver: webdriver.Chrome, title: str) -> str | None:
    """Return the list row id whose title is `title`, once the list shows it."""
    script = """
    const cells = [...document.querySelectorAll('#ops-grid .ag-row [col-id="title"]')];
    const cell = cells.find(c => c.innerText.trim() === arguments[0]);
    return cell ? cell.closest('.ag-row').getAttribute('row-id') : null;
    """
    return driver.execute_script(script, title)


def text_of(driver: webdriver.Chrome, selector: str) -> str:
    """Return an element's text read in the page, immune to React replacing the node."""
    script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';"
    return driver.execute_script(script, selector)


def row_status(driver: webdriver.Chrome, incident_id: str) -> str:
    return text_of(driver, f"#{ids.OPS_GRID} .ag-row[row-id='{incident_id}'] [col-id='status']")


def click_at(driver: webdriver.Chrome, element_id: str, dx: int, dy: int) -> None:
    """Press and release the mouse at an offset from an element's centre, as a person does."""
    box = driver.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return [r.left + r.width / 2, r.top + r.height / 2];",
        element_id,
    )
    x, y = box[0] + dx, box[1] + dy
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        event = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", event)
    # Then away, as a hand moves to the keyboard: no hover label left over the map.
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 5, "y": 5})


def value_of(driver: webdriver.Chrome, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).get_attribute("value") or ""


def fill_report(chrome: webdriver.Chrome) -> None:
    """Open the report form, pick a point on the map, and fill it in as an operator would."""
    chrome.find_element(By.CSS_SELECTOR, f"#{ids.OPS_REPORT} summary").click()
    # Los Angeles' west side, clear of the markers downtown and within the report radius.
    chrome.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "return Plotly.relayout(gd, {'map.center': {lat: 34.05, lon: -118.25}, 'map.zoom': 9});",
        ids.OPS_MAP,
    )
    click_at(chrome, ids.OPS_MAP, -40, -20)
    wait_until(
        chrome, lambda d: value_of(d, ids.OPS_REPORT_LAT) and value_of(d, ids.OPS_REPORT_LON)
    )
    lat, lon = (
        float(value_of(chrome, ids.OPS_REPORT_LAT)),
        float(value_of(chrome, ids.OPS_REPORT_LON)),
    )
    assert 15 < lat < 60 and -130 < lon < -60  # a point on the US map, not a default
    # The nearest city is chosen for the picked point.
    wait_until(chrome, lambda d: d.find_element(By.ID, f"{ids.OPS_REPORT_CITY}-value").text)
    choose(chrome, ids.OPS_REPORT_KIND, "Staging")
    chrome.find_element(By.ID, ids.OPS_REPORT_TITLE).send_keys(TITLE)
    chrome.find_element(By.ID, ids.OPS_REPORT_ADDRESS).send_keys("Home Depot parking lot")


def test_trk610_report_by_map_click_reaches_another_browser_and_closes(
    live_server: LiveServer,
    chrome: webdriver.Chrome,
    viewer_chrome: webdriver.Chrome,
) -> None:
    viewer_chrome.get(live_server.url + "/")
    chrome.get(live_server.url + "/")
    wait_until(chrome, lambda d: plotted(d, ids.OPS_MAP), timeout=SLOW)
    wait_until(chrome, lambda d: map_rendered(d, ids.OPS_MAP), timeout=SLOW)
    # The viewer is offered no form; the gate would refuse it anyway.
    wait_until(viewer_chrome, lambda d: d.find_elements(By.ID, ids.OPS_GRID), timeout=SLOW)
    assert not viewer_chrome.find_element(By.ID, ids.OPS_REPORT).is_displayed()

    fill_report(chrome)
    chrome.find_element(By.ID, ids.OPS_REPORT_SUBMIT).click()
    said = wait_until(
        chrome, lambda d: d.find_element(By.ID, ids.OPS_REPORT_STATUS).text, timeout=SLOW
    )
    assert said.startswith(f"Reported: {TITLE} (Staging site, "), said
    assert said.endswith(("PST.", "PDT.", "MST.", "MDT.")), said  # city time with its zone

    # Another open browser lists it on its next ticks.
    incident_id = wait_until(viewer_chrome, lambda d: row_id(d, TITLE), timeout=TICKS_10)
    assert row_status(viewer_chrome, incident_id) == "active"

    # The operator closes it with a note; the other browser shows it closed.
    click(chrome, f"#{ids.OPS_GRID} .ag-row[row-id='{incident_id}'] [col-id='title']", SLOW)
    wait_until(
        chrome, lambda d: d.find_element(By.ID, ids.OPS_STATUS_FORM).is_displayed(), timeout=SLOW
    )
    # The detail panel is drawn by its own callback: wait for it, not only the form.
    wait_until(
        chrome,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.OPS_DETAIL} .detail-title"),
        timeout=SLOW,
    )
    # The selected incident's title comes first, the forms that act on it after.
    assert chrome.execute_script(
        "const title = document.querySelector('#' + arguments[0] + ' .detail-title');"
        "const form = document.getElementById(arguments[1]);"
        "const report = document.getElementById(arguments[2]);"
        "const after = (a, b) => !!(a.compareDocumentPosition(b) & 4);"
        "return after(title, form) && after(title, report);",
        ids.OPS_DETAIL,
        ids.OPS_STATUS_FORM,
        ids.OPS_REPORT,
    )
    choose(chrome, ids.OPS_STATUS_VALUE, "closed")
    chrome.find_element(By.ID, ids.OPS_STATUS_NOTE).send_keys("agents left")
    chrome.find_element(By.ID, ids.OPS_STATUS_SUBMIT).click()
    said = wait_until(
        chrome, lambda d: d.find_element(By.ID, ids.OPS_STATUS_MESSAGE).text, timeout=SLOW
    )
    assert said.startswith("Recorded: closed at "), said
    wait_until(viewer_chrome, lambda d: row_status(d, incident_id) == "closed", timeout=TICKS_10)
    assert console_errors(chrome) == []
    assert console_errors(viewer_chrome) == []

"""Notification tracking in real browsers: operator actions, disputes, forged callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.config import Config
from dashboard.ingest.models import Event
from dashboard.store import queries
from tests.browser.conftest import (
    LiveServer,
    click,
    console_errors,
    new_chrome,
    start_server,
    wait_until,
)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the demo at the product's default refresh interval (1 s), without the feed."""
    db = tmp_path_factory.mktemp("tracking") / "headsup.db"
    running = start_server(Config(database_url=f"sqlite:///{db}", testing=True, demo=True))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def second_chrome(live_server: LiveServer) -> Iterator[webdriver.Chrome]:
    """A second browser, standing for another command-center screen (signed in too)."""
    driver = new_chrome()
    live_server.sign_in(driver)
    yield driver
    driver.quit()


def open_incident(driver: webdriver.Chrome, server: LiveServer, incident_id: str) -> None:
    """Load the operations view and select an incident in the list."""
    driver.get(server.url + "/")
    click(driver, f"#{ids.OPS_GRID} .ag-row[row-id='{incident_id}'] [col-id='title']", 20)
    wait_until(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, f"[data-incident='{incident_id}']")
    )


def choose(driver: webdriver.Chrome, dropdown_id: str, text: str) -> None:
    """Pick the option of a Dash 4 dropdown whose label starts with `text`."""
    driver.find_element(By.ID, dropdown_id).click()
    option = wait_until(
        driver,
        lambda d: next(
            (
                o
                for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content [role=option]")
                if o.text.startswith(text)
            ),
            None,
        ),
    )
    option.click()
    if driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"):
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait_until(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"))
    value = driver.find_element(By.ID, f"{dropdown_id}-value").text
    assert value.startswith(text), value


def record(driver: webdriver.Chrome, action: str, agency: str, channel: str | None = None) -> str:
    """Fill the action form and submit it; return the status text once it changes."""
    before = driver.find_element(By.ID, ids.OPS_ACTION_STATUS).text
    choose(driver, ids.OPS_ACTION_TYPE, action)
    choose(driver, ids.OPS_ACTION_AGENCY, agency)
    if channel:
        choose(driver, ids.OPS_ACTION_CHANNEL, channel)
    driver.find_element(By.ID, ids.OPS_ACTION_SUBMIT).click()
    return wait_until(
        driver,
        lambda d: (t := d.find_element(By.ID, ids.OPS_ACTION_STATUS).text) != before and t,
    )


def text_of(driver: webdriver.Chrome, selector: str) -> str:
    """Return an element's text read in the page, immune to React replacing the node."""
    script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';"
    return driver.execute_script(script, selector)


def cell_text(driver: webdriver.Chrome, agency: str, step: str) -> str:
    return text_of(driver, f"td[data-agency='{agency}'][data-step='{step}']")


WATCH = """
const [selector, text, key] = arguments;
window.__seenAt = window.__seenAt || {};
const check = (obs) => {
  const e = document.querySelector(selector);
  if (e && e.innerText.includes(text)) { window.__seenAt[key] = Date.now(); obs.disconnect(); }
};
const obs = new MutationObserver(() => check(obs));
obs.observe(document.body, {subtree: true, childList: true, characterData: true});
"""


def watch(driver: webdriver.Chrome, agency: str, step: str, key: str) -> None:
    """Note in the page the wall-clock time the cell first shows an operator's claim."""
    selector = f"td[data-agency='{agency}'][data-step='{step}']"
    driver.execute_script(WATCH, selector, "operator:operator", key)


def seen_after_stored(driver: webdriver.Chrome, server: LiveServer, key: str, kind: str) -> float:
    """Return seconds from the server storing the operator's event to the page showing it."""
    shown_ms = wait_until(
        driver, lambda d: d.execute_script("return window.__seenAt[arguments[0]]", key)
    )
    with server.runtime.store.engine.connect() as conn:
        events = queries.events_after(conn, 0, 10_000)
    mine = events[(events["source"] == "operator:operator") & (events["type"] == kind)]
    stored = mine["received_at"].max().timestamp()
    return shown_ms / 1000 - stored


def test_trk301_operator_actions_reach_a_second_browser_within_two_ticks(
    chrome, second_chrome, live_server: LiveServer
) -> None:
    open_incident(chrome, live_server, "protest-portland")
    open_incident(second_chrome, live_server, "protest-portland")
    assert cell_text(second_chrome, "ppb", "notified") == ""
    two_ticks = 2 * live_server.runtime.config.refresh_ms / 1000

    watch(second_chrome, "ppb", "notified", "notified")
    status = record(chrome, "Notified", "Portland Police", "phone")
    assert status.startswith("Recorded: Notified for Portland Police Bureau at ")
    notified_after = seen_after_stored(second_chrome, live_server, "notified", "notification.sent")

    watch(second_chrome, "ppb", "acknowledged", "acknowledged")
    status = record(chrome, "Acknowledged", "Portland Police")
    assert status.startswith("Recorded: Acknowledged for Portland Police Bureau at ")
    acknowledged_after = seen_after_stored(
        second_chrome, live_server, "acknowledged", "notification.acknowledged"
    )

    print(f"second browser shows them {notified_after:.2f} s and {acknowledged_after:.2f} s after")
    assert 0 < notified_after < two_ticks and 0 < acknowledged_after < two_ticks
    timeline = text_of(second_chrome, f"#{ids.OPS_TIMELINE}")
    assert "notification.sent · Portland Police Bureau · by phone — operator:operator" in timeline
    assert "notification.acknowledged · Portland Police Bureau — operator:operator" in timeline
    assert console_errors(chrome) == [] and console_errors(second_chrome) == []


def test_trk302_a_disputed_step_shows_both_claims_with_their_sources(
    chrome, live_server: LiveServer
) -> None:
    open_incident(chrome, live_server, "protest-paramount")
    cell = chrome.find_element(
        By.CSS_SELECTOR, "td[data-agency='lasd'][data-step='on_scene'][data-disputed='true']"
    )
    assert "DISPUTED" in cell.text.upper()
    assert "+38 min lasd-cad" in cell.text and "+2 h 7 min ice-ero" in cell.text
    line = chrome.find_element(By.CSS_SELECTOR, ".disputes li[data-step='on_scene']").text
    assert line.endswith("on scene: 38 min (lasd-cad) · 2 h 7 min (ice-ero)")
    response = chrome.find_element(By.CSS_SELECTOR, ".matrix-response").text
    assert response.startswith("38 min to 2 h 7 min")
    assert console_errors(chrome) == []


def test_trk303_waiting_counter_ticks_in_the_browser(chrome, live_server: LiveServer) -> None:
    open_incident(chrome, live_server, "protest-portland")
    counter = chrome.find_element(By.CSS_SELECTOR, f"[id*='{ids.ELAPSED}']")
    first = counter.text
    assert first.startswith("waiting ")
    wait_until(chrome, lambda d: counter.text != first, timeout=3)


def test_trk304_unanswered_request_raises_an_alarm_in_the_tile_and_the_list(
    chrome, live_server: LiveServer
) -> None:
    chrome.get(live_server.url + "/")
    asked = datetime.now(UTC) - timedelta(minutes=20)
    request = Event(
        source="chicago-oemc",
        event_id="trk304-request",
        type="assistance.requested",
        occurred_at=asked,
        incident_id="protest-chicago",
        agency="cpd",
    )
    live_server.runtime.store.append([request])
    # Twenty minutes unacknowledged: past the 10-minute alarm, within one alarm check.
    wait_until(
        chrome,
        lambda d: (
            "cpd: request not acknowledged" in text_of(d, "#kpi-alarms")
            or "cpd: request not acknowledged"
            in (d.find_element(By.ID, "kpi-alarms").get_attribute("title") or "")
        ),
        timeout=12,
    )
    assert chrome.find_element(By.ID, "kpi-alarms").get_attribute("data-alarm") == "true"
    wait_until(
        chrome,
        lambda d: (
            "row-alarm"
            in d.find_element(By.CSS_SELECTOR, ".ag-row[row-id='protest-chicago']").get_attribute(
                "class"
            )
        ),
    )
    alarm_text = text_of(chrome, ".ag-row[row-id='protest-chicago'] [col-id='alarm']")
    assert alarm_text.startswith("cpd: request not acknowledged for 20 min")
    assert console_errors(chrome) == []

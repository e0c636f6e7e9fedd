"""Notification tracking in real browsers: operator actions, disputes, forged callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.config import Config
from dashboard.ingest.models import Event
from dashboard.store import queries
from tests.browser.conftest import (
    Chrome,
    LiveServer,
    attribute_of,
    click,
    console_errors,
    new_chrome,
    start_server,
    text_of,
    wait_until,
)

UNACKED = "Chicago Police Department: request not acknowledged"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the demo at the product's default refresh interval (1 s), without the feed."""
    db = tmp_path_factory.mktemp("tracking") / "headsup.db"
    running = start_server(Config(database_url=f"sqlite:///{db}", testing=True, demo=True))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def second_chrome(live_server: LiveServer) -> Iterator[Chrome]:
    """A second browser, standing for another command-center screen (signed in too)."""
    with new_chrome() as driver:
        live_server.sign_in(driver)
        yield driver


def open_incident(driver: Chrome, server: LiveServer, incident_id: str) -> None:
    """Load the operations view and select an incident in the list."""
    driver.get(server.url + "/")
    click(driver, f"#{ids.OPS_GRID} .ag-row[row-id='{incident_id}'] [col-id='title']", 20)
    wait_until(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, f"[data-incident='{incident_id}']")
    )


def choose(driver: Chrome, dropdown_id: str, text: str) -> None:
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
    value = text_of(driver, f"#{dropdown_id}-value")
    assert value.startswith(text), value


def record(driver: Chrome, action: str, agency: str, channel: str | None = None) -> str:
    """Fill the action form and submit it; return the status text once it changes."""
    before = text_of(driver, f"#{ids.OPS_ACTION_STATUS}")
    choose(driver, ids.OPS_ACTION_TYPE, action)
    choose(driver, ids.OPS_ACTION_AGENCY, agency)
    if channel:
        choose(driver, ids.OPS_ACTION_CHANNEL, channel)
    driver.find_element(By.ID, ids.OPS_ACTION_SUBMIT).click()
    return wait_until(
        driver,
        lambda d: (t := text_of(d, f"#{ids.OPS_ACTION_STATUS}")) != before and t,
    )


def cell_text(driver: Chrome, agency: str, step: str) -> str:
    return text_of(driver, f"td[data-agency='{agency}'][data-step='{step}']")


# Note each tick's refresh of the detail panel: when it was asked, what version it answered.
COUNT_TICKS = """
const [tick, output, versionId] = arguments;
window.__answers = [];
const send = window.fetch;
window.fetch = function (url, options) {
  const body = options && typeof options.body === 'string' ? options.body : '';
  const asked = Date.now();
  const answer = send.apply(this, arguments);
  if (body.includes(`"${tick}.n_intervals"`) && body.includes(output)) {
    answer.then((r) => r.clone().text()).then((text) => {
      let version = null;  // a 204: the panel did not change
      try { version = JSON.parse(text).response[versionId].data; } catch (e) {}
      window.__answers.push({asked, version});
    }, () => {});
  }
  return answer;
};
"""


def count_ticks(driver: Chrome) -> None:
    """Start noting the detail panel's tick refreshes in the page."""
    output = f"{ids.OPS_DETAIL}.children"
    driver.execute_script(COUNT_TICKS, ids.OPS_TICK, output, ids.OPS_DETAIL_VERSION)


def ticks_to_carry(driver: Chrome, server: LiveServer, incident_id: str, kind: str) -> int:
    """Return how many ticks asked after the operator's event was stored it took to carry it.

    0 when a tick in flight during the write carried it. Counted in ticks, not seconds:
    a loaded machine slows the ticks too.
    """
    with server.runtime.store.engine.connect() as conn:
        events = queries.events_after(conn, 0, 10_000)
    mine = events[(events["source"] == "operator:operator") & (events["type"] == kind)]
    seq, stored_ms = int(mine["seq"].max()), mine["received_at"].max().timestamp() * 1000

    def carries(answer: dict) -> bool:
        version = answer["version"] or ""
        prefix = f"{incident_id}:"
        return version.startswith(prefix) and int(version[len(prefix) :].split(":")[0]) >= seq

    answers = wait_until(
        driver,
        lambda d: (a := d.execute_script("return window.__answers")) and any(map(carries, a)) and a,
    )
    first = next(i for i, a in enumerate(answers) if carries(a))
    return sum(1 for a in answers[: first + 1] if a["asked"] > stored_ms)


INCIDENT = "protest-portland"


def test_trk301_operator_actions_reach_a_second_browser_within_two_ticks(
    chrome, second_chrome, live_server: LiveServer
) -> None:
    open_incident(chrome, live_server, INCIDENT)
    open_incident(second_chrome, live_server, INCIDENT)
    assert cell_text(second_chrome, "ppb", "notified") == ""
    count_ticks(second_chrome)

    status = record(chrome, "Notified", "Portland Police", "phone")
    assert status.startswith("Recorded: Notified for Portland Police Bureau at ")
    notified_in = ticks_to_carry(second_chrome, live_server, INCIDENT, "notification.sent")
    wait_until(second_chrome, lambda d: "operator:operator" in cell_text(d, "ppb", "notified"))

    status = record(chrome, "Acknowledged", "Portland Police")
    assert status.startswith("Recorded: Acknowledged for Portland Police Bureau at ")
    acknowledged_in = ticks_to_carry(
        second_chrome, live_server, INCIDENT, "notification.acknowledged"
    )
    wait_until(second_chrome, lambda d: "operator:operator" in cell_text(d, "ppb", "acknowledged"))

    print(f"second browser gets them on tick {notified_in} and {acknowledged_in} after the write")
    # The first tick asked after the write carries it; the second covers one asked mid-commit.
    assert notified_in <= 2 and acknowledged_in <= 2
    timeline = text_of(second_chrome, f"#{ids.OPS_TIMELINE}")
    assert "notification.sent · Portland Police Bureau · by phone — operator:operator" in timeline
    assert "notification.acknowledged · Portland Police Bureau — operator:operator" in timeline
    assert console_errors(chrome) == [] and console_errors(second_chrome) == []


def test_trk302_a_disputed_step_shows_both_claims_with_their_sources(
    chrome, live_server: LiveServer
) -> None:
    open_incident(chrome, live_server, "protest-paramount")
    # Read in the page, not through element handles: a tick may re-render the panel.
    cell = text_of(chrome, "td[data-agency='lasd'][data-step='on_scene'][data-disputed='true']")
    cell = " ".join(cell.split())  # each claim's source sits on a line of its own
    assert "DISPUTED" in cell.upper()
    assert "+38 min lasd-cad" in cell and "+2 h 7 min ice-ero" in cell
    line = text_of(chrome, ".disputes li[data-step='on_scene']")
    assert line.endswith("on scene: 38 min (lasd-cad) · 2 h 7 min (ice-ero)")
    response = text_of(chrome, ".matrix-response")
    assert response.startswith("38 min to 2 h 7 min")
    assert console_errors(chrome) == []


def test_trk303_waiting_counter_ticks_in_the_browser(chrome, live_server: LiveServer) -> None:
    open_incident(chrome, live_server, "protest-portland")
    counter = f"[id*='{ids.ELAPSED}']"
    chrome.wait_for_element(counter)
    first = text_of(chrome, counter)
    assert first.startswith("waiting ")
    # Read through the selector each time: React may replace the counter's node.
    wait_until(chrome, lambda d: text_of(d, counter) != first)


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
            UNACKED in text_of(d, "#kpi-alarms")
            or UNACKED in (attribute_of(d, "#kpi-alarms", "title") or "")
        ),
        timeout=12,
    )
    assert attribute_of(chrome, "#kpi-alarms", "data-alarm") == "true"
    # Dash's wait re-finds the row on every poll: AG Grid re-renders it as alarms come in.
    chrome.wait_for_contains_class(".ag-row[row-id='protest-chicago']", "row-alarm")
    alarm_text = text_of(chrome, ".ag-row[row-id='protest-chicago'] [col-id='alarm']")
    assert alarm_text.startswith(UNACKED + " for 20 min")
    assert console_errors(chrome) == []


def test_trk305_an_alarm_on_a_row_the_filtered_list_lacks_is_no_grid_error(
    chrome, live_server: LiveServer
) -> None:
    chrome.get(live_server.url + "/")
    chrome.wait_for_element(f"#{ids.OPS_GRID} .ag-row")
    chrome.execute_script(
        "window.dash_clientside.set_props(arguments[0], {value: ['staging']});", ids.OPS_KIND
    )
    wait_until(
        chrome,
        lambda d: all(
            "staging" in (r.get_attribute("row-id") or "")
            for r in d.find_elements(By.CSS_SELECTOR, f"#{ids.OPS_GRID} .ag-row")
        ),
    )
    # A protest the list does not show, asked for help 20 minutes ago: its alarm comes on
    # the alarm tick, which must not update a row the grid does not hold (AG Grid #4).
    now = datetime.now(UTC)
    reported = Event.model_validate(
        {
            "source": "chicago-oemc",
            "event_id": "trk305-report",
            "type": "incident.reported",
            "occurred_at": now - timedelta(minutes=25),
            "incident_id": "protest-trk305",
            "incident": {"kind": "protest", "status": "active", "title": "Sit-in",
                         "lat": 41.88, "lon": -87.63, "city": "chicago",
                         "started_at": now - timedelta(minutes=25)},
        }
    )  # fmt: skip
    request = Event(
        source="chicago-oemc",
        event_id="trk305-request",
        type="assistance.requested",
        occurred_at=now - timedelta(minutes=20),
        incident_id="protest-trk305",
        agency="cpd",
    )
    live_server.runtime.store.append([reported, request])
    wait_until(chrome, lambda d: "Sit-in" in text_of(d, "#kpi-alarms") or "Sit-in" in (
        attribute_of(d, "#kpi-alarms", "title") or ""), timeout=12)  # fmt: skip
    rows = chrome.find_elements(By.CSS_SELECTOR, f"#{ids.OPS_GRID} .ag-row")
    assert "protest-trk305" not in {r.get_attribute("row-id") for r in rows}
    assert console_errors(chrome) == []

"""The operations view in a real headless Chromium against a running server."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.figures.incident_map import display_points
from dashboard.ingest.models import Event
from tests.browser.conftest import (
    LiveServer,
    click,
    console_errors,
    map_rendered,
    plotted,
    text_of,
    wait_until,
)


def open_operations(chrome, live_server: LiveServer) -> None:
    chrome.get(live_server.url + "/")
    wait_until(chrome, lambda d: plotted(d, ids.OPS_MAP))
    chrome.wait_for_element(f"#{ids.OPS_GRID} .ag-row")


def plotted_ids(chrome) -> set[str]:
    return {i for trace in plotted(chrome, ids.OPS_MAP) or [] for i in trace["ids"]}


def test_ops001_page_loads_without_console_errors_and_maps_the_demo(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    expected = set(live_server.runtime.picture.incidents["id"])
    assert "protest-paramount" in expected
    wait_until(chrome, lambda d: plotted_ids(d) == expected)
    wait_until(chrome, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)
    chrome.wait_for_element(".sources")
    assert {"lasd-cad", "ice-ero", "lapd-cad"} <= set(text_of(chrome, ".sources").split())
    wait_until(
        chrome,
        lambda d: (
            d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") in ("fresh", "stale")
        ),
    )
    assert console_errors(chrome) == []


def test_ops002_clicking_an_incident_in_the_list_shows_its_detail(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    click(chrome, f"#{ids.OPS_GRID} .ag-row[row-id='protest-paramount'] [col-id='title']")
    selector = f"#{ids.OPS_DETAIL} [data-incident='protest-paramount']"
    chrome.wait_for_element(selector)
    detail = text_of(chrome, selector)  # read in the page: a tick may re-render the panel
    assert "Protest at the staging area" in detail
    assert "Los Angeles County Sheriff" in detail
    assert "lasd-cad" in detail and "ice-ero" in detail
    assert console_errors(chrome) == []


def test_ops003_new_and_changed_incidents_appear_without_reload(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    chrome.execute_script("window.__notReloaded = true;")
    before = plotted(chrome, ids.OPS_MAP)
    protest_trace = next(t for t in before if t["name"] == "Protest")
    index = protest_trace["ids"].index("protest-chicago")
    now = datetime.now(UTC)  # later than the demo's reports, so the update wins
    live_server.runtime.store.append(
        [
            Event(
                source="browser-test",
                event_id="new-1",
                type="incident.reported",
                occurred_at=now,
                incident_id="browser-new",
                incident={
                    "kind": "protest",
                    "title": "Brand new rally",
                    "lat": 45.52,
                    "lon": -122.68,
                    "city": "portland",
                    "crowd_size": 30,
                },
            ),
            Event(
                source="chicago-oemc",  # the reporting source: its fields are its own
                event_id="move-1",
                type="incident.updated",
                occurred_at=now,
                incident_id="protest-chicago",
                incident={"lat": 41.9, "status": "contained"},
            ),
        ]
    )

    # Drawn where the map draws it: its point, parted a little from others at that spot.
    moved = pd.DataFrame(
        {"id": ["protest-chicago"], "kind": ["protest"], "lat": [41.9], "lon": [-87.633]}
    )
    drawn_lat = display_points(moved)[0][0]

    def drawn(driver) -> bool:
        trace = next(t for t in plotted(driver, ids.OPS_MAP) if t["name"] == "Protest")
        return (
            "browser-new" in trace["ids"]
            and abs(trace["lat"][index] - drawn_lat) < 1e-6
            and trace["color"][index] == "#009E73"
        )

    wait_until(chrome, drawn, timeout=5)
    wait_until(
        chrome,
        lambda d: d.find_elements(
            By.CSS_SELECTOR, f"#{ids.OPS_GRID} .ag-row[row-id='browser-new']"
        ),
        timeout=5,
    )
    assert chrome.execute_script("return window.__notReloaded === true;")
    assert console_errors(chrome) == []


def test_ops020_alarmed_rows_come_first_and_the_header_shows_no_sort_index(
    chrome, live_server
) -> None:
    open_operations(chrome, live_server)
    rows = wait_until(
        chrome,
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('#' + arguments[0] +"
            " ' .ag-center-cols-container .ag-row'))"
            ".sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))"
            ".map(r => r.classList.contains('row-alarm'));",
            ids.OPS_GRID,
        ),
    )
    assert rows[0] and not rows[-1]
    assert rows == sorted(rows, reverse=True)  # every alarmed row above every other
    badges = chrome.execute_script(
        "return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ag-sort-order'))"
        ".filter(b => b.offsetParent !== null && b.textContent.trim()).length;",
        ids.OPS_GRID,
    )
    assert badges == 0
    assert console_errors(chrome) == []


def test_ops021_pages_without_the_live_tick_show_no_freshness(chrome, live_server) -> None:
    def state(d) -> tuple[str, str | None]:
        element = d.find_element(By.ID, ids.FRESHNESS)
        return d.find_element(By.ID, ids.FRESHNESS_TEXT).text, element.get_attribute("data-state")

    open_operations(chrome, live_server)
    wait_until(chrome, lambda d: state(d)[1] in ("fresh", "stale"))
    # Leaving the live page inside the app: not "offline" because its tick stopped.
    chrome.execute_script(
        "window.history.pushState({}, '', '/nope');"
        "window.dispatchEvent(new PopStateEvent('popstate'));"
    )
    wait_until(chrome, lambda d: state(d) == ("", "idle"))
    # Opened directly: not "connecting…" forever.
    chrome.get(live_server.url + "/nope")
    wait_until(chrome, lambda d: state(d) == ("", "idle"))
    assert console_errors(chrome) == []

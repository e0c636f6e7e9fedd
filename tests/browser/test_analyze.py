"""The analyst view in a real browser: filters, lasso, shared links, CSV export, playback."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.callbacks.analyze_render import OUTPUTS
from tests.auth import make_user
from tests.browser.conftest import LiveServer, console_errors, new_chrome, plotted, wait_until
from tests.dash_requests import callback_body

PAGE = "/analyze?window=7d"


@pytest.fixture(scope="module")
def analyst(live_server: LiveServer) -> Iterator[Any]:
    """A browser signed in as an analyst, on the analyst view over the last 7 days."""
    make_user(live_server.app, "analyst-b", "analyst")
    with new_chrome() as driver:
        live_server.sign_in(driver, "analyst-b")
        driver.get(live_server.url + PAGE)
        wait_until(driver, lambda d: map_ids(d), timeout=20)
        yield driver


def set_props(driver: Any, component_id: str, props: dict[str, Any]) -> None:
    driver.execute_script("window.dash_clientside.set_props(arguments[0], arguments[1]);",
                          component_id, props)  # fmt: skip


def map_ids(driver: Any) -> set[str]:
    traces = plotted(driver, ids.ANALYZE_MAP) or []
    return {i for t in traces for i in t["ids"]}


def count_text(driver: Any) -> str:
    return driver.find_element(By.ID, ids.ANALYZE_COUNT).text


def tracks_shown(driver: Any) -> int:
    found = re.search(r"([\d,]+) agency tracks?", count_text(driver))
    return int(found.group(1).replace(",", "")) if found else -1


def grid_cells(driver: Any, column: str) -> list[str]:
    cells = driver.find_elements(
        By.CSS_SELECTOR, f"#{ids.ANALYZE_GRID} .ag-row [col-id='{column}']"
    )
    return [c.text for c in cells]


def test_ana001_a_filter_narrows_the_map_and_the_table(analyst: Any) -> None:
    everything = map_ids(analyst)
    tracks_before = tracks_shown(analyst)
    set_props(analyst, ids.ANALYZE_KIND, {"value": ["protest"]})
    wait_until(analyst, lambda d: 0 < len(map_ids(d)) < len(everything), timeout=20)
    wait_until(analyst, lambda d: set(grid_cells(d, "kind")) == {"Protest"}, timeout=20)
    assert "kind=protest" in analyst.current_url
    assert 0 < tracks_shown(analyst) < tracks_before
    traces = [t for t in plotted(analyst, ids.ANALYZE_MAP) if t["ids"]]
    assert [t["name"] for t in traces] == ["Protest"]


def test_ana002_a_lasso_narrows_the_table(analyst: Any) -> None:
    picked = sorted(map_ids(analyst))[0]
    set_props(analyst, ids.ANALYZE_MAP, {"selectedData": {"points": [{"customdata": picked}]}})
    wait_until(analyst, lambda d: "1 selected on the map" in count_text(d), timeout=20)
    assert f"sel={picked}" in analyst.current_url
    wait_until(analyst, lambda d: len(set(grid_cells(d, "title"))) == 1, timeout=20)
    assert len(map_ids(analyst)) > 1  # the map keeps every point; the table follows the lasso


def test_ana003_a_shared_link_restores_the_view_in_a_new_browser(
    analyst: Any, live_server: LiveServer
) -> None:
    link = analyst.current_url
    assert "kind=protest" in link and "sel=" in link
    shown = count_text(analyst)
    with new_chrome() as other:
        live_server.sign_in(other, "analyst-b")
        other.get(link)
        wait_until(other, lambda d: count_text(d) == shown, timeout=20)
        chosen = other.find_element(By.ID, ids.ANALYZE_KIND).text
        assert "Protest" in chosen
        assert urlparse(other.current_url).query == urlparse(link).query
        assert map_ids(other) == map_ids(analyst)


def test_ana004_the_csv_export_holds_exactly_the_filtered_rows(
    analyst: Any, live_server: LiveServer
) -> None:
    set_props(analyst, ids.ANALYZE_MAP, {"selectedData": None})
    wait_until(analyst, lambda d: "selected" not in count_text(d), timeout=20)
    expected = tracks_shown(analyst)
    query = "?" + urlparse(analyst.current_url).query
    live_server.user = "analyst-b"
    try:
        http = live_server.http()
        body = callback_body(
            [OUTPUTS[0].__class__(ids.ANALYZE_DOWNLOAD, "data"),
             OUTPUTS[0].__class__(ids.ANALYZE_EXPORT_STATUS, "children")],
            [(ids.ANALYZE_EXPORT_CSV, "n_clicks", 1), (ids.ANALYZE_EXPORT_GEOJSON, "n_clicks", 0)],
            [(ids.ANALYZE_STATE, "data", query)],
        )  # fmt: skip
        answer = http.post(live_server.url + "/_dash-update-component", json=body, timeout=20)
    finally:
        live_server.user = "operator"
    content = answer.json()["response"][ids.ANALYZE_DOWNLOAD]["data"]["content"]
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == expected > 0
    assert {r["Kind"] for r in rows} == {"Protest"}


def test_ana005_playback_moves_the_picture(analyst: Any) -> None:
    live = map_ids(analyst)
    # The demo's incidents were reported over the last hours: a day ago, none had been.
    then = int((datetime.now(UTC) - timedelta(days=1)).timestamp())
    set_props(analyst, ids.ANALYZE_PLAY_AT, {"value": then})
    label = (By.ID, ids.ANALYZE_PLAY_LABEL)
    wait_until(analyst, lambda d: "Picture at" in d.find_element(*label).text, timeout=20)
    wait_until(analyst, lambda d: map_ids(d) != live, timeout=20)
    assert "at=" in analyst.current_url
    analyst.find_element(By.ID, ids.ANALYZE_LIVE).click()
    wait_until(analyst, lambda d: map_ids(d) == live, timeout=20)
    assert "at=" not in analyst.current_url


def test_ana006_the_heat_map_toggle_draws_without_console_errors(analyst: Any) -> None:
    set_props(analyst, ids.ANALYZE_MAP_MODE, {"value": "heat"})
    wait_until(analyst, lambda d: "map=heat" in d.current_url, timeout=20)
    wait_until(analyst, lambda d: not map_ids(d), timeout=20)  # the points give way
    set_props(analyst, ids.ANALYZE_MAP_MODE, {"value": "points"})
    wait_until(analyst, lambda d: map_ids(d), timeout=20)
    assert console_errors(analyst) == []


# The over-time chart's legend and mode bar boxes (the mode bar shows on hover, where a
# reader looking at the legend has the mouse), and whether they overlap.
LEGEND_AND_MODEBAR = """
const chart = document.getElementById(arguments[0]);
const legend = chart && chart.querySelector('.legend');
const bar = chart && chart.querySelector('.modebar');
if (!legend || !bar) return null;
const a = legend.getBoundingClientRect(), b = bar.getBoundingClientRect();
return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
"""


def test_ana007_the_over_time_legend_is_clear_of_the_mode_bar(
    analyst: Any, live_server: LiveServer
) -> None:
    analyst.get(live_server.url + PAGE)
    chart = ids.ANALYZE_CHART_OVER_TIME
    # A list, so that "no overlap" (False) ends the wait as well as "overlap" does.
    answer = wait_until(
        analyst,
        lambda d: None if (o := d.execute_script(LEGEND_AND_MODEBAR, chart)) is None else [o],
        timeout=20,
    )
    assert answer == [False]

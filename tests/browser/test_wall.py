"""The wall in Chromium: legible at 1080p and 4K, a live ticker, an honest NOT LIVE banner."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.config import Config
from dashboard.ingest.models import Event
from tests.auth import make_kiosk
from tests.browser.conftest import (
    LiveServer,
    attribute_of,
    console_errors,
    map_rendered,
    new_chrome,
    plotted,
    start_server,
    text_of,
    wait_until,
)

# Every text element on the wall: computed font size, visible size, a sample of its text.
FONT_SIZES = """
const out = [];
for (const el of document.querySelectorAll('.app *')) {
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  const box = el.getBoundingClientRect();
  if (!own || box.width === 0 || box.height === 0) continue;
  if (el.closest('.js-plotly-plot svg, .maplibregl-ctrl, .mapboxgl-ctrl')) continue;
  out.push([parseFloat(getComputedStyle(el).fontSize), el.className, el.textContent.slice(0, 30)]);
}
return out;
"""
SCROLLS = """
const d = document.documentElement;
return [d.scrollWidth > window.innerWidth, d.scrollHeight > window.innerHeight];
"""

TICKER_CUT = """
const box = document.querySelector('#wall-ticker').getBoundingClientRect();
return Array.from(document.querySelectorAll('#wall-ticker .tick-row'))
  .filter(r => r.getBoundingClientRect().bottom > box.bottom + 0.5).length;
"""

# What a reader at 5 m would find cut or covered: legend items broken over two lines, a
# legend over the map's drawing, board cells or the city label ending in an ellipsis.
CUT_OR_COVERED = """
const out = [];
const graph = document.querySelector('#wall-map').getBoundingClientRect();
const legend = document.querySelector('.wall-map .map-legend').getBoundingClientRect();
if (legend.top < graph.bottom - 0.5) out.push('legend over the map');
for (const item of document.querySelectorAll('.wall-map .legend-item')) {
  const size = parseFloat(getComputedStyle(item).fontSize);
  if (item.getBoundingClientRect().height > 1.6 * size) out.push('wrapped: ' + item.textContent);
}
for (const el of document.querySelectorAll('.board-row > span, #wall-city')) {
  if (el.scrollWidth > el.clientWidth + 0.5) out.push('cut: ' + el.textContent);
}
return out;
"""

BANNER_UNDER_TOPBAR = """
const bar = document.querySelector('.topbar').getBoundingClientRect();
const banner = document.querySelector('#wall-banner').getBoundingClientRect();
return banner.height > 0 && banner.top >= bar.bottom - 0.5;
"""


@pytest.fixture(scope="module")
def wall_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the demo with a 2-second banner delay, so the offline test stays short."""
    db = tmp_path_factory.mktemp("wall") / "headsup.db"
    config = Config(
        database_url=f"sqlite:///{db}",
        testing=True,
        demo=True,
        refresh_ms=500,
        offline_banner_s=2,
        instance_dir=str(db.parent / "instance"),
    )
    running = start_server(config)
    yield running
    running.stop()


def open_wall(server: LiveServer, width: int, height: int, name: str):  # type: ignore[no-untyped-def]
    """Open the wall of Los Angeles and Paramount through a kiosk link."""
    token = make_kiosk(server.app, name, ["los-angeles", "paramount"])
    driver = new_chrome(width, height)
    driver.get(f"{server.url}/wall?token={token}")
    wait_until(driver, lambda d: plotted(d, ids.WALL_MAP), timeout=60)
    wait_until(driver, lambda d: map_rendered(d, ids.WALL_MAP), timeout=60)
    return driver


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_wal001_legible_from_five_metres_without_scrolling(
    wall_server: LiveServer, width: int, height: int
) -> None:
    scale = width / 1920
    driver = open_wall(wall_server, width, height, f"legible-{width}")
    try:
        wait_until(driver, lambda d: d.execute_script("return window.headsupWallAnswers > 2"))
        sizes = driver.execute_script(FONT_SIZES)
        assert len(sizes) > 20  # tiles, alarms, ticker, legend, freshness
        small = [s for s in sizes if s[0] < 32 * scale - 0.5]
        assert small == []
        kpis = driver.execute_script(
            "return Array.from(document.querySelectorAll('.wall-kpis .kpi-value'),"
            " e => parseFloat(getComputedStyle(e).fontSize));"
        )
        assert len(kpis) == 6 and min(kpis) >= 80 * scale - 0.5
        assert driver.execute_script(SCROLLS) == [False, False]
        # Every ticker line the wall was sent is shown whole, not cut off by the panel.
        assert driver.execute_script(TICKER_CUT) == 0
        assert driver.execute_script(CUT_OR_COVERED) == []
        assert "Los Angeles" in text_of(driver, f"#{ids.WALL_CITY}")
        # The demo has an unannounced operation in Los Angeles: loud tile, words, a ring.
        assert attribute_of(driver, "#kpi-alarms", "data-state") == "alarm"
        assert "NOT TOLD IN ADVANCE" in text_of(driver, f"#{ids.WALL_ALARMS}")
        ring_sizes = driver.execute_script(
            "const gd = document.querySelector('#wall-map .js-plotly-plot');"
            " return Array.from(gd._fullData[3].marker.size);"
        )
        assert ring_sizes and min(ring_sizes) >= 50 * scale  # about 3 cm across at 5 m
        assert console_errors(driver) == []
    finally:
        driver.quit()


def test_wal002_new_event_reaches_the_ticker_within_two_answers(wall_server: LiveServer) -> None:
    driver = open_wall(wall_server, 1920, 1080, "ticker")
    try:
        wait_until(driver, lambda d: d.execute_script("return window.headsupWallAnswers > 1"))
        event = Event(
            source="lapd-cad",
            event_id="wal002",
            type="notification.acknowledged",
            occurred_at=datetime.now(UTC),
            incident_id="op-fashion",
            agency="lapd",
        )
        wall_server.runtime.store.append([event])
        # Counted from the moment it is stored: one tick may already be past its SQL.
        start = driver.execute_script("return window.headsupWallAnswers")
        wait_until(driver, lambda d: "acknowledged" in text_of(d, ".tick-row"))
        assert driver.execute_script("return window.headsupWallAnswers") - start <= 2
        assert "lapd-cad" in text_of(driver, ".tick-row")
        assert len(driver.find_elements("css selector", ".tick-row")) <= 10
        assert console_errors(driver) == []
    finally:
        driver.quit()


def test_wal003_stopped_server_raises_the_banner_and_a_restart_clears_it(
    wall_server: LiveServer,
) -> None:
    driver = open_wall(wall_server, 1920, 1080, "banner")
    banner = f"#{ids.WALL_BANNER}"
    try:
        wait_until(driver, lambda d: d.execute_script("return window.headsupWallAnswers > 1"))
        assert text_of(driver, banner) == ""
        port = wall_server.server.server_port
        wall_server.server.shutdown()
        wall_server.server.server_close()
        wait_until(driver, lambda d: "NOT LIVE" in text_of(d, banner), timeout=30)
        assert "no answer since" in text_of(driver, banner)
        # Under the top bar, not over it: the freshness line and the demo label stay read.
        assert driver.execute_script(BANNER_UNDER_TOPBAR) is True
        wait_until(
            driver, lambda d: attribute_of(d, f"#{ids.FRESHNESS}", "data-state") == "offline"
        )
        server = make_server("127.0.0.1", port, wall_server.app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        wall_server.server, wall_server.thread = server, thread
        wait_until(driver, lambda d: text_of(d, banner) == "", timeout=30)
        assert attribute_of(driver, banner, "data-state") == "hidden"
    finally:
        driver.quit()

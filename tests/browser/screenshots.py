"""Take the README's screenshots with headless Chromium: `make screenshots`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.config import Config
from tests.auth import make_kiosk, make_user
from tests.browser.conftest import (
    LiveServer,
    console_errors,
    map_rendered,
    new_chrome,
    plotted,
    start_server,
    wait_until,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# A tool, not a test: on a busy machine, wait long rather than fail the run.
SLOW = 60
# The scenario's disputed response: the report shows a dispute as well as the matrix.
AFTER_ACTION_INCIDENT = "protest-paramount"


def operations(server: LiveServer) -> None:
    """Operations view at 1920x1080 as an operator first sees it: nothing selected."""
    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver)
        wait_until(driver, lambda d: plotted(d, ids.OPS_MAP), timeout=SLOW)
        wait_until(driver, lambda d: map_rendered(d, ids.OPS_MAP), timeout=SLOW)
        wait_until(
            driver,
            lambda d: d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") == "fresh",
            timeout=SLOW,
        )
        # Let MapLibre finish drawing tiles from the bundled GeoJSON before the shot.
        wait_until(driver, lambda d: map_rendered(d, ids.OPS_MAP), timeout=SLOW)
        OUT.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(OUT / "operations.png"))
        errors = console_errors(driver)
        if errors:
            raise SystemExit(f"console errors on the operations view: {errors}")
    finally:
        driver.quit()


def wall(server: LiveServer) -> None:
    """Wall view through a kiosk token, at 1920x1080 and at 4K (3840x2160)."""
    token = make_kiosk(server.app, "screenshots", ["los-angeles", "paramount"])
    for width, height, name in ((1920, 1080, "wall.png"), (3840, 2160, "wall-4k.png")):
        driver = new_chrome(width, height)
        try:
            driver.get(f"{server.url}/wall?token={token}")
            wait_until(driver, lambda d: plotted(d, ids.WALL_MAP), timeout=SLOW)
            wait_until(driver, lambda d: map_rendered(d, ids.WALL_MAP), timeout=SLOW)
            wait_until(
                driver,
                lambda d: (
                    d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") == "fresh"
                ),
                timeout=SLOW,
            )
            # An alarm and a full ticker, as a supervisor would see a busy shift.
            wait_until(
                driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".wall-alarm")) > 0, SLOW
            )
            wait_until(
                driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".tick-row")) >= 10, SLOW
            )
            wait_until(driver, lambda d: map_rendered(d, ids.WALL_MAP), timeout=SLOW)
            driver.save_screenshot(str(OUT / name))
            errors = console_errors(driver)
            if errors:
                raise SystemExit(f"console errors on the wall view: {errors}")
        finally:
            driver.quit()


def report_form(server: LiveServer) -> None:
    """The report form filled in, its point picked on the map, at 1920x1080."""
    from tests.browser.test_report import fill_report

    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver)
        wait_until(driver, lambda d: plotted(d, ids.OPS_MAP), timeout=20)
        wait_until(driver, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)
        fill_report(driver)
        driver.save_screenshot(str(OUT / "report-incident.png"))
    finally:
        driver.quit()


def after_action(server: LiveServer) -> None:
    """The after-action report of the disputed Paramount response, as an analyst sees it."""
    make_user(server.app, "analyst", "analyst")
    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver, "analyst")
        driver.get(f"{server.url}/report/{AFTER_ACTION_INCIDENT}")
        wait_until(driver, lambda d: d.find_element(By.ID, "aar-digest"), timeout=SLOW)
        driver.save_screenshot(str(OUT / "after-action.png"))
        errors = console_errors(driver)
        if errors:
            raise SystemExit(f"console errors on the after-action report: {errors}")
    finally:
        driver.quit()


def analyze(server: LiveServer) -> None:
    """Analyst view at 1920x1080, signed in as an analyst (export buttons shown), 7 days."""
    make_user(server.app, "analyst-shots", "analyst")
    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver, "analyst-shots")
        driver.get(f"{server.url}/analyze?window=7d")
        wait_until(driver, lambda d: plotted(d, ids.ANALYZE_MAP), timeout=SLOW)
        wait_until(driver, lambda d: map_rendered(d, ids.ANALYZE_MAP), timeout=SLOW)
        wait_until(driver, lambda d: plotted(d, ids.ANALYZE_CHART_RESPONSE), timeout=SLOW)
        wait_until(
            driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.ANALYZE_GRID} .ag-row .ag-cell"),
            timeout=SLOW,
        )
        wait_until(driver, lambda d: map_rendered(d, ids.ANALYZE_MAP), timeout=SLOW)
        OUT.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(OUT / "analyze.png"))
        errors = console_errors(driver)
        if errors:
            raise SystemExit(f"console errors on the analyst view: {errors}")
    finally:
        driver.quit()


SHOTS = {
    "operations": operations,
    "analyze": analyze,
    "report_form": report_form,
    "wall": wall,
    "after_action": after_action,
}


def main(only: list[str] | None = None) -> None:
    """Serve the demo on a temporary database and take every screenshot (or those named)."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-shots-"))
    server = start_server(
        Config(
            database_url=f"sqlite:///{folder / 'shots.db'}",
            testing=True,
            demo=True,
            refresh_ms=1000,
            demo_interval_s=1.0,
            instance_dir=str(folder / "instance"),
        ),
        feed=True,  # a moving picture, as a user sees it, so freshness reads "fresh"
    )
    try:
        for name in only or SHOTS:
            SHOTS[name](server)
    finally:
        server.stop()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])  # e.g. `python -m tests.browser.screenshots after_action`

"""Take the README's screenshots with headless Chromium: `make screenshots`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.config import Config
from tests.browser.conftest import (
    console_errors,
    map_rendered,
    new_chrome,
    plotted,
    start_server,
    wait_until,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def operations(url: str) -> None:
    """Operations view at 1920x1080 with the disputed Paramount protest selected."""
    driver = new_chrome(1920, 1080)
    try:
        driver.get(url + "/")
        wait_until(driver, lambda d: plotted(d, ids.OPS_MAP), timeout=20)
        cell = wait_until(
            driver,
            lambda d: d.find_element(
                By.CSS_SELECTOR,
                f"#{ids.OPS_GRID} .ag-row[row-id='protest-paramount'] [col-id='title']",
            ),
        )
        cell.click()
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-incident]"))
        wait_until(
            driver,
            lambda d: d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") == "fresh",
        )
        # Let MapLibre finish drawing tiles from the bundled GeoJSON before the shot.
        wait_until(driver, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)
        OUT.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(OUT / "operations.png"))
        errors = console_errors(driver)
        if errors:
            raise SystemExit(f"console errors on the operations view: {errors}")
    finally:
        driver.quit()


def main() -> None:
    """Serve the demo on a temporary database and take every screenshot."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-shots-"))
    server = start_server(
        Config(
            database_url=f"sqlite:///{folder / 'shots.db'}",
            testing=True,
            demo=True,
            refresh_ms=1000,
            demo_interval_s=1.0,
        ),
        feed=True,  # a moving picture, as a user sees it, so freshness reads "fresh"
    )
    try:
        operations(server.url)
    finally:
        server.stop()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()

"""Take the README's screenshots with headless Chromium: `make screenshots`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.config import Config
from tests.auth import make_kiosk, make_user
from tests.browser.conftest import (
    LiveServer,
    attribute_of,
    console_errors,
    map_rendered,
    new_chrome,
    plotted,
    start_server,
    wait_map_drawn,
    wait_until,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# A tool, not a test: on a busy machine, wait long rather than fail the run.
SLOW = 60
# The scenario's disputed response: the report shows a dispute as well as the matrix.
AFTER_ACTION_INCIDENT = "protest-paramount"


def save_checked(driver: Any, filename: str, what: str) -> None:
    """Save a screenshot into docs/screenshots; stop if the page logged a console error."""
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / filename))
    errors = console_errors(driver)
    if errors:
        raise SystemExit(f"console errors on {what}: {errors}")


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
        save_checked(driver, "operations.png", "the operations view")
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
            # The feed patches the map every tick: at 4K a frame in software WebGL takes
            # longer than a tick, so wait for MapLibre's idle event, not an idle sample.
            wait_map_drawn(driver, ids.WALL_MAP, timeout=SLOW)
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
            wait_map_drawn(driver, ids.WALL_MAP, timeout=SLOW)
            # A loaded machine can delay an answer past the banner's delay: shoot it live.
            wait_until(driver, lambda d: attribute_of(d, "#" + ids.WALL_BANNER, "data-state")
                       == "hidden", SLOW)  # fmt: skip
            save_checked(driver, name, "the wall view")
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
        save_checked(driver, "report-incident.png", "the report form")
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
        save_checked(driver, "after-action.png", "the after-action report")
    finally:
        driver.quit()


def admin(server: LiveServer) -> None:
    """The admin page at 1920x1080: a county's users, one just added, as an admin sees it."""
    from dashboard.security import accounts
    from tests.auth import make_user

    engine = server.runtime.store.engine
    for name, role in (("j.ortiz", "admin"), ("k.nguyen", "operator"), ("r.patel", "analyst")):
        make_user(server.app, name, role)
    make_user(server.app, "eoc-lobby", "viewer")
    accounts.set_disabled(engine, "eoc-lobby", True, "screenshots", "local")
    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver, "j.ortiz")
        driver.get(f"{server.url}/admin")
        wait_until(driver, lambda d: d.find_element(By.ID, ids.ADMIN_USER_NAME), timeout=SLOW)
        driver.find_element(By.ID, ids.ADMIN_USER_NAME).send_keys("m.alvarez")
        driver.find_element(By.ID, ids.ADMIN_USER_PASSWORD).send_keys("a long first password")
        driver.find_element(By.ID, ids.ADMIN_USER_ADD).click()
        wait_until(driver, lambda d: "m.alvarez" in d.find_element(By.ID, ids.ADMIN_USERS).text)
        wait_until(
            driver,
            lambda d: d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") == "idle",
            timeout=SLOW,
        )
        save_checked(driver, "admin.png", "the admin page")
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
        save_checked(driver, "analyze.png", "the analyst view")
    finally:
        driver.quit()


def street_map(folder: Path) -> None:
    """The operations map at city zoom over a small generated street MBTiles file."""
    from tests.mbtiles import street_sample

    # Paramount and the Los Angeles / Orange county line, at city zooms only (small file).
    box = (-118.32, 33.74, -117.86, 34.0)
    tiles = street_sample(folder / "sample.mbtiles", *box, range(11, 14))
    server = start_server(_config(folder / "streets", map_tiles=str(tiles)))
    driver = new_chrome(1920, 1080)
    try:
        server.sign_in(driver)
        wait_until(driver, lambda d: plotted(d, ids.OPS_MAP), timeout=SLOW)
        driver.execute_script(
            "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
            "return Plotly.relayout(gd, {'map.center': {lat: 33.87, lon: -118.09}, "
            "'map.zoom': 11.4});",
            ids.OPS_MAP,
        )
        wait_until(driver, lambda d: map_rendered(d, ids.OPS_MAP), timeout=SLOW)
        served = driver.execute_script(
            "return performance.getEntriesByType('resource')"
            ".filter(e => e.name.includes('/tiles/')).length"
        )
        if not served:
            raise SystemExit("the street map asked for no tiles")
        save_checked(driver, "street-map.png", "the street map")
    finally:
        driver.quit()
        server.stop()


def _config(folder: Path, **overrides: object) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    return Config(
        database_url=f"sqlite:///{folder / 'shots.db'}",
        testing=True,
        demo=True,
        refresh_ms=1000,
        demo_interval_s=1.0,
        instance_dir=str(folder / "instance"),
        **overrides,  # type: ignore[arg-type]
    )


def main(only: list[str]) -> None:
    """Serve the demo on a temporary database and take every screenshot (or those named)."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-shots-"))
    OUT.mkdir(parents=True, exist_ok=True)
    # A moving picture, as a user sees it, so freshness reads "fresh".
    server = start_server(_config(folder / "demo"), feed=True)
    shots = {
        "operations": operations,
        "report": report_form,
        "wall": wall,
        "admin": admin,
        "after_action": after_action,
        "analyze": analyze,
    }
    try:
        for name, take in shots.items():
            if not only or name in only:
                take(server)
    finally:
        server.stop()
    if not only or "street-map" in only:
        street_map(folder)
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])

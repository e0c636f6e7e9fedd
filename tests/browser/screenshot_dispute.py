"""Take docs/screenshots/detail-dispute.png: the detail panel of the disputed response.

Run with `python -m tests.browser.screenshot_dispute`: a 1920x1080 headless Chromium
against a fresh demo server (no feed, so the picture is the scenario as seeded).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from dashboard.config import Config
from tests.browser.conftest import click, console_errors, new_chrome, start_server, wait_until

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "detail-dispute.png"
SLOW = 60  # a tool, not a test: on a busy machine, wait long rather than fail the run
INCIDENT = "protest-paramount"


def main() -> None:
    """Serve the demo, select the disputed incident and save the panel."""
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(
            Config(
                database_url=f"sqlite:///{tmp}/demo.db",
                testing=True,
                instance_dir=f"{tmp}/instance",
            )
        )
        driver = new_chrome(1920, 1080)
        try:
            server.sign_in(driver)
            click(driver, f".ag-row[row-id='{INCIDENT}'] [col-id='title']", SLOW)
            driver.wait_for_element("[data-disputed]", timeout=SLOW)
            wait_until(driver, lambda d: d.find_element(By.ID, "ops-actions").is_displayed(), SLOW)
            panel = driver.find_element(By.CSS_SELECTOR, ".ops-detail")
            OUT.parent.mkdir(parents=True, exist_ok=True)
            panel.screenshot(str(OUT))
            errors = console_errors(driver)
            if errors:
                raise SystemExit(f"console errors: {errors}")
            print(f"wrote {OUT}")
        finally:
            driver.quit()
            server.stop()


if __name__ == "__main__":
    main()

"""In a real Chromium: the CSP lets the app work, hostile text stays text, kiosks see the wall."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from dash import Dash
from selenium.webdriver.common.by import By

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.security import accounts
from dashboard.store.tokens import create_token
from tests.auth import browser_sign_in, make_kiosk, make_user
from tests.browser.harness import click, text_of
from tests.security.browser import chromium, js, serving, severe_console_errors, wait_for

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
JS_URL = "javascript:window.__xss=3"
XSS_ID = "xss-probe"


def hostile_events() -> list[Event]:
    """An incident whose every outside text is an attack, as a sender would post it."""
    now = datetime.now(UTC)
    return [
        Event(
            source="hostile-cad",
            event_id="x1",
            type="incident.reported",
            occurred_at=now,
            incident_id=XSS_ID,
            incident={
                "kind": "protest",
                "title": f"{SCRIPT}{IMG}",
                "lat": 41.9,
                "lon": -87.64,
                "city": "chicago",
                "address": JS_URL,
                "started_at": now,
            },
        ),
        Event(
            source="hostile-cad",
            event_id="x2",
            type="note.added",
            occurred_at=now,
            incident_id=XSS_ID,
            data={"text": f'{IMG} <a href="{JS_URL}">click</a>'},
        ),
    ]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = tmp_path_factory.mktemp("browser")
    return Config(
        database_url=f"sqlite:///{folder / 'h.db'}",
        testing=True,
        instance_dir=str(folder),
        refresh_ms=500,
        login_rate_limit="60 per minute",  # one sign-in per test, all from 127.0.0.1
    )


@pytest.fixture(scope="module")
def app(config: Config) -> Iterator[Dash]:
    """The demo data plus the hostile incident, with a viewer and an admin.

    The server runs in its own process on the same database; this app object is the
    test's hand on that database (users, kiosks, the write path).
    """
    built = create_app(config)
    engine = built.server.extensions["headsup"].store.engine
    token = create_token(engine, "hostile-cad", ["hostile-cad"])
    batch = {"events": [e.model_dump(mode="json", exclude_none=True) for e in hostile_events()]}
    answer = built.server.test_client().post(
        "/api/v1/events", json=batch, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)  # through the real API
    make_user(built, "vera", "viewer")
    make_user(built, "ada", "admin")
    make_user(built, "olga", "operator")
    yield built
    built.server.extensions["headsup"].stop()


@pytest.fixture(scope="module")
def base_url(app: Dash, config: Config) -> Iterator[str]:
    with serving(config) as url:
        yield url


@pytest.fixture
def driver() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def map_drawn(selector: str) -> str:
    """A script that is truthy once MapLibre has a canvas and Plotly has drawn points."""
    return (
        f"const g = document.querySelector('{selector} .js-plotly-plot');"
        "return !!(g && g.querySelector('canvas.maplibregl-canvas') && g._fullData"
        " && g._fullData.some(t => t.lat && t.lat.length));"
    )


def test_sec080_operations_view_works_under_the_csp(driver: Any, base_url: str) -> None:
    browser_sign_in(driver, base_url, "vera")
    wait_for(driver, js(map_drawn(".ops-map")))
    wait_for(driver, js("return document.querySelectorAll('.ops-grid .ag-row').length > 3"))
    wait_for(driver, js("return document.querySelector('#freshness').dataset.state === 'fresh'"))
    assert severe_console_errors(driver) == []


def test_sec081_hostile_text_renders_as_text_and_never_runs(driver: Any, base_url: str) -> None:
    browser_sign_in(driver, base_url, "vera")
    cell = f".ops-grid .ag-row[row-id='{XSS_ID}']"
    wait_for(driver, js(f'return !!document.querySelector("{cell}")'))
    assert SCRIPT in text_of(driver, cell)
    click(driver, f"{cell} .ag-cell[col-id='title']")
    detail = f"#ops-detail [data-incident='{XSS_ID}']"
    wait_for(driver, js(f'return !!document.querySelector("{detail}")'))
    text = text_of(driver, detail)
    assert SCRIPT in text and JS_URL in text and IMG in text
    panel = driver.find_element(By.ID, "ops-detail")
    assert panel.find_elements(By.TAG_NAME, "script") == []
    assert panel.find_elements(By.TAG_NAME, "img") == []
    assert panel.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert driver.execute_script("return window.__xss") is None
    assert severe_console_errors(driver) == []


def test_sec082_kiosk_link_opens_the_wall_and_leaves_the_address_bar(
    app: Dash, driver: Any, base_url: str
) -> None:
    token = make_kiosk(app, "lobby-browser", ["chicago"])
    driver.get(f"{base_url}/wall?token={token}")
    wait_for(driver, js(map_drawn(".wall-map")))
    assert driver.current_url == f"{base_url}/wall"
    assert token not in driver.execute_script("return window.location.href + document.referrer")
    scope = text_of(driver, "#wall-city")
    assert scope == "Chicago"
    assert driver.find_elements(By.ID, "user-menu") == []
    assert driver.execute_script("return window.__xss") is None  # Chicago has the probe
    assert severe_console_errors(driver) == []


def test_sec083_admin_page_shows_the_audit_trail(driver: Any, base_url: str) -> None:
    browser_sign_in(driver, base_url, "ada")
    driver.find_element(By.LINK_TEXT, "Admin").click()
    tab = "//*[contains(@class, 'tab')][.='Audit trail']"
    wait_for(driver, lambda d: d.find_element(By.XPATH, tab)).click()
    wait_for(driver, js("return document.querySelector('#admin-audit') !== null"))
    assert "user:ada" in text_of(driver, "#admin-audit")
    assert severe_console_errors(driver) == []


def test_sec084_disabled_user_is_sent_to_sign_in_at_the_next_tick(
    app: Dash, driver: Any, base_url: str
) -> None:
    make_user(app, "dora", "viewer")
    browser_sign_in(driver, base_url, "dora")
    wait_for(driver, js(map_drawn(".ops-map")))
    engine = app.server.extensions["headsup"].store.engine
    accounts.set_disabled(engine, "dora", True, "test", "test")
    wait_for(driver, js("return window.location.pathname === '/login'"))
    # The refused ticks are the expected 401s; nothing else may be in the console.
    assert [m for m in severe_console_errors(driver) if " 401 " not in m] == []


def test_sec085_hostile_note_through_the_operator_form_stays_text(
    driver: Any, base_url: str
) -> None:
    from tests.browser.test_tracking import choose

    note = f'{SCRIPT} {IMG} <a href="{JS_URL}">x</a>'
    browser_sign_in(driver, base_url, "olga")
    cell = ".ops-grid .ag-row[row-id='protest-portland'] .ag-cell[col-id='title']"
    wait_for(driver, js(f'return !!document.querySelector("{cell}")'))
    click(driver, cell)
    wait_for(driver, js("return !document.querySelector('#ops-actions').hidden"))
    choose(driver, "ops-action-type", "Note")
    driver.find_element(By.ID, "ops-action-note").send_keys(note)
    driver.find_element(By.ID, "ops-action-submit").click()
    wait_for(
        driver,
        js("return document.querySelector('#ops-action-status').innerText.startsWith('Recorded')"),
    )
    wait_for(driver, lambda d: note in d.find_element(By.ID, "ops-timeline").text)
    timeline = driver.find_element(By.ID, "ops-timeline")
    assert timeline.find_elements(By.TAG_NAME, "script") == []
    assert timeline.find_elements(By.TAG_NAME, "img") == []
    assert timeline.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert driver.execute_script("return window.__xss") is None
    assert severe_console_errors(driver) == []


def refused(api: Any, auth: dict[str, str]) -> Any:
    """Return a wait condition: the token is refused (401) by this process's API."""
    return lambda _d: api.get("/api/v1/incidents", headers=auth).status_code == 401


def test_sec086_admin_adds_a_user_makes_a_kiosk_link_and_revokes_a_token(
    app: Dash, driver: Any, base_url: str
) -> None:
    from tests.browser.test_tracking import choose

    engine = app.server.extensions["headsup"].store.engine
    secret = create_token(engine, "old-cad", ["old-cad"])
    api = app.server.test_client()
    auth = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/incidents", headers=auth).status_code == 200
    browser_sign_in(driver, base_url, "ada")
    driver.get(f"{base_url}/admin")
    wait_for(driver, lambda d: d.find_element(By.ID, "admin-user-name"))
    driver.find_element(By.ID, "admin-user-name").send_keys("nina")
    choose(driver, "admin-user-role", "operator")
    driver.find_element(By.ID, "admin-user-password").send_keys("nina's first password")
    driver.find_element(By.ID, "admin-user-add").click()
    wait_for(driver, lambda d: "nina" in d.find_element(By.ID, "admin-users").text)
    assert "Added nina as operator" in text_of(driver, "#admin-user-message")
    assert accounts.authenticate(engine, "nina", "nina's first password") is not None

    driver.find_element(By.XPATH, "//*[contains(@class, 'tab')][.='Kiosk links']").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "admin-kiosk-name").is_displayed())
    driver.find_element(By.ID, "admin-kiosk-name").send_keys("eoc-wall")
    driver.find_element(By.ID, "admin-kiosk-create").click()
    link = wait_for(driver, lambda d: d.find_element(By.ID, "admin-kiosk-secret-value"))
    url = link.get_attribute("value")
    assert url.startswith(f"{base_url}/wall?token=")
    assert "eoc-wall" in text_of(driver, "#admin-kiosks")

    driver.find_element(By.XPATH, "//*[contains(@class, 'tab')][.='API tokens']").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "admin-token-pick").is_displayed())
    choose(driver, "admin-token-pick", "old-cad")
    driver.find_element(By.ID, "admin-token-revoke").click()
    wait_for(driver, lambda d: "revoked" in d.find_element(By.ID, "admin-token-message").text)
    # The server is another process: this one stops accepting the token once its
    # token cache (HEADSUP_TOKEN_CACHE_S) lapses, as documented; wait for that.
    wait_for(driver, refused(api, auth), timeout=60)
    assert severe_console_errors(driver) == []

    driver.get(url)  # the link shown once turns a browser into the wall
    wait_for(driver, js(map_drawn(".wall-map")))


def test_sec087_viewer_gets_a_403_page_at_admin(driver: Any, base_url: str) -> None:
    browser_sign_in(driver, base_url, "vera")
    driver.get(f"{base_url}/admin")
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "h1"))
    assert text_of(driver, "h1") == "Not permitted"
    assert driver.find_elements(By.ID, "admin-user-name") == []
    assert "Admin" not in [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".nav-link")]

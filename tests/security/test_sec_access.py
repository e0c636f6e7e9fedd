"""The role matrix: every page and every callback by every role, forged straight at the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import func, select

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.security.audit import recent
from dashboard.store.schema import events
from dashboard.store.security_schema import audit
from tests.auth import ROLES, client_as, kiosk_client
from tests.security.forge import forged_bodies, post

WHO = (*ROLES, "kiosk", "anonymous")
Y, N = True, False

# callback (by first output) → allowed for viewer, operator, analyst, admin, kiosk, anonymous
CALLBACK_MATRIX = {
    "page.children": (Y, Y, Y, Y, Y, N),
    "ops-map.figure|ops-tick.n_intervals": (Y, Y, Y, Y, N, N),
    "ops-map.figure|ops-selected.data": (Y, Y, Y, Y, N, N),
    "ops-selected.data": (Y, Y, Y, Y, N, N),
    "ops-detail.children": (Y, Y, Y, Y, N, N),
    "ops-actions.hidden": (Y, Y, Y, Y, N, N),
    "ops-action-status.children": (N, Y, N, Y, N, N),
    "ops-report-city.value": (N, Y, N, Y, N, N),
    "ops-report-status.children": (N, Y, N, Y, N, N),
    "ops-change-form.hidden": (Y, Y, Y, Y, N, N),
    "ops-change-message.children": (N, Y, N, Y, N, N),
    "ops-alarms.children": (Y, Y, Y, Y, N, N),
    "ops-figures.children": (Y, Y, Y, Y, N, N),
    "ops-setup.children": (Y, Y, Y, Y, N, N),
    "ops-kind.value": (Y, Y, Y, Y, N, N),  # the filter reset
    "wall-map.figure": (Y, Y, Y, Y, Y, N),
    "admin-audit.children": (N, N, N, Y, N, N),
    "ops-retract-form.hidden": (N, N, N, Y, N, N),
    "ops-retract-status.children": (N, N, N, Y, N, N),
    "admin-user-message.children": (N, N, N, Y, N, N),
    "admin-kiosk-message.children": (N, N, N, Y, N, N),
    "admin-token-message.children": (N, N, N, Y, N, N),
    "admin-import-message.children": (N, N, N, Y, N, N),
    "analyze-window.value": (Y, Y, Y, Y, N, N),  # URL and controls, one state
    "analyze-map.figure": (Y, Y, Y, Y, N, N),
    "analyze-grid.getRowsResponse": (Y, Y, Y, Y, N, N),
    "analyze-download.data": (N, N, Y, Y, N, N),  # exports: analysts and admins only
    "analyze-export-status.children": (N, N, Y, Y, N, N),  # a chart saved as PNG, audited
}
# page (rendered by the router) → allowed for viewer, operator, analyst, admin, kiosk
PAGE_MATRIX = {
    "/": (Y, Y, Y, Y, N),
    "/wall": (Y, Y, Y, Y, Y),
    "/admin": (N, N, N, Y, N),
    "/analyze": (Y, Y, Y, Y, N),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    """One app for the whole matrix, with the demo scenario loaded."""
    folder: Path = tmp_path_factory.mktemp("matrix")
    config = Config(
        database_url=f"sqlite:///{folder / 'h.db'}", testing=True, instance_dir=str(folder)
    )
    built = create_app(config)
    yield built
    built.server.extensions["headsup"].stop()


@pytest.fixture(scope="module")
def clients(app: Dash) -> dict[str, FlaskClient]:
    """A signed-in client per role, a kiosk client, and an anonymous one."""
    made = {role: client_as(app, role) for role in ROLES}
    made["kiosk"] = kiosk_client(app)
    made["anonymous"] = app.server.test_client()
    return made


def secret_title(app: Dash) -> tuple[str, str]:
    """Return an incident id and its title: text a refused answer must never contain."""
    incidents = app.server.extensions["headsup"].picture.incidents
    return str(incidents.index[0]), str(incidents.iloc[0]["title"])


def counts(app: Dash) -> tuple[int, int]:
    """Return the number of events and of audit rows."""
    with app.server.extensions["headsup"].store.engine.connect() as conn:
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        n_audit = conn.execute(select(func.count()).select_from(audit)).scalar_one()
    return n_events, n_audit


@pytest.mark.parametrize("callback", CALLBACK_MATRIX)
@pytest.mark.parametrize("who", WHO)
def test_sec001_callback_matrix(
    app: Dash, clients: dict[str, FlaskClient], callback: str, who: str
) -> None:
    incident_id, title = secret_title(app)
    allowed = CALLBACK_MATRIX[callback][WHO.index(who)]
    client = clients[who]
    if who == "anonymous":
        # A stranger's refusals are one audit row per address and minute (test_rel070):
        # each case comes from an address of its own, so each writes its row.
        client = app.server.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{list(CALLBACK_MATRIX).index(callback)}"
    events_before, audit_before = counts(app)
    response = post(client, forged_bodies(app, incident_id)[callback])
    events_after, audit_after = counts(app)
    if allowed:
        assert response.status_code in (200, 204), response.get_data(as_text=True)[:300]
        if callback in (
            "ops-map.figure|ops-tick.n_intervals",
            "ops-detail.children",
            "analyze-grid.getRowsResponse",
            "analyze-download.data",
        ):
            assert title in response.get_data(as_text=True)  # what refusals withhold is real
    else:
        assert response.status_code == (401 if who == "anonymous" else 403)
        assert response.get_json() in ({"error": "not permitted"}, {"error": "sign-in needed"})
        assert title not in response.get_data(as_text=True)
        assert events_after == events_before  # a refused write writes nothing
        assert audit_after == audit_before + 1  # the refusal is in the audit trail


@pytest.mark.parametrize("path", PAGE_MATRIX)
@pytest.mark.parametrize("who", WHO[:-1])
def test_sec002_page_matrix(
    app: Dash, clients: dict[str, FlaskClient], path: str, who: str
) -> None:
    body = forged_bodies(app, "x")["page.children"]
    body["inputs"][0]["value"] = path
    response = post(clients[who], body)
    assert response.status_code == 200
    refused = "Not permitted" in response.get_data(as_text=True)
    assert refused is not PAGE_MATRIX[path][WHO.index(who)]


def test_sec003_refused_page_leaks_no_data(app: Dash, clients: dict[str, FlaskClient]) -> None:
    _incident, title = secret_title(app)
    body = forged_bodies(app, "x")["page.children"]
    response = post(clients["kiosk"], body)
    assert "Not permitted" in response.get_data(as_text=True)
    assert title not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/admin", "/_dash-layout", "/_dash-dependencies"])
def test_sec004_anonymous_gets_sign_in_not_the_app(
    clients: dict[str, FlaskClient], path: str
) -> None:
    response = clients["anonymous"].get(path)
    if path.startswith("/_dash"):
        assert response.status_code == 401
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == f"/login?next={path}"


def test_sec005_kiosk_is_sent_back_to_the_wall(clients: dict[str, FlaskClient]) -> None:
    for path in ("/", "/admin", "/analyze"):
        response = clients["kiosk"].get(path)
        assert response.status_code == 303
        assert response.headers["Location"] == "/wall"
    assert clients["kiosk"].get("/wall").status_code == 200


def test_sec006_unknown_or_malformed_callbacks_are_refused(
    clients: dict[str, FlaskClient],
) -> None:
    client = clients["admin"]
    assert post(client, {"output": "no-such.children", "inputs": []}).status_code == 403
    assert post(client, {"output": ["page.children"], "inputs": []}).status_code == 403
    bad = client.post("/_dash-update-component", data="output=page.children")
    assert bad.status_code == 403


def test_sec007_every_server_callback_has_a_permission_and_a_matrix_row(app: Dash) -> None:
    """A new callback must be registered with a permission and added to CALLBACK_MATRIX."""
    from dashboard.security.access import CALLBACKS
    from tests.security.forge import server_callbacks

    guarded = {k for k, v in app.callback_map.items() if "callback" in v}
    assert guarded == set(app.server.extensions[CALLBACKS])
    assert set(server_callbacks(app)) == set(CALLBACK_MATRIX)


def test_sec008_unguarded_callback_stops_the_app(app: Dash) -> None:
    from dash import Input, Output

    from dashboard.security.access import check_all_guarded

    app.callback(Output("stray", "children"), Input("stray-in", "value"))(lambda v: v)
    try:
        with pytest.raises(RuntimeError, match=r"stray\.children"):
            check_all_guarded(app)
    finally:
        del app.callback_map["stray.children"]
        app._callback_list.pop()


def page_body(app: Dash, path: str) -> dict:
    body = forged_bodies(app, "x")["page.children"]
    body["inputs"][0]["value"] = path
    return body


def test_sec094_export_buttons_only_for_roles_that_may_export(
    app: Dash, clients: dict[str, FlaskClient]
) -> None:
    for who, shown in (("viewer", N), ("operator", N), ("analyst", Y), ("admin", Y)):
        text = post(clients[who], page_body(app, "/analyze")).get_data(as_text=True)
        assert "analyze-grid" in text  # the page itself is there
        assert ("analyze-export-csv" in text) is shown, who
        assert ("analyze-export-geojson" in text) is shown, who
        assert ('"toImage"' in text) is not shown, who  # removed: no PNG button either


def test_sec095_an_export_is_audited_with_who_what_filter_and_rows(
    app: Dash, clients: dict[str, FlaskClient]
) -> None:
    body = forged_bodies(app, "x")["analyze-download.data"]
    for state in body["state"]:
        state["value"] = "?window=7d&kind=protest"
    answer = post(clients["analyst"], body).get_json()
    csv_text = answer["response"]["analyze-download"]["data"]["content"]
    rows = csv_text.strip().splitlines()[1:]
    assert rows and all(",Protest," in row for row in rows)
    engine = app.server.extensions["headsup"].store.engine
    row = recent(engine, 1, "export").iloc[0]
    assert row["actor"] == "user:analyst-user" and row["outcome"] == "ok"
    assert row["detail"] == f"csv rows={len(rows)} filter=?window=7d&kind=protest"

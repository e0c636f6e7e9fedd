"""The live tick over HTTP: no SQL when nothing changed, patches when something did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from dashboard.callbacks.operations import view_state
from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.read.view_snapshot import snapshot
from dashboard.rules.filters import ViewFilter
from tests.auth import client_as
from tests.dash_requests import tick_body


@pytest.fixture
def app(config: Config):
    app = create_app(config)
    yield app
    app.server.extensions["headsup"].stop()


def held_view(app) -> dict:
    """Return the view state of a browser that loaded the page now (no filter)."""
    with app.server.app_context():
        rt = app.server.extensions["headsup"]
        rt.picture.sync()
        now = datetime.now(UTC)
        return view_state(ViewFilter(), now, snapshot(rt, ViewFilter(), now))


def post(client, body):
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204)
    return response.get_json() if response.status_code == 200 else None


def test_tck001_unchanged_tick_runs_no_sql_and_updates_only_the_heartbeat(app) -> None:
    rt = app.server.extensions["headsup"]
    client = client_as(app, "viewer")
    seq = rt.store.latest_seq()
    view = held_view(app)
    statements: list[str] = []
    event.listen(rt.store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    answer = post(client, tick_body(seq, view=view))
    assert statements == []
    assert set(answer["response"]) == {"freshness-info"}
    assert answer["response"]["freshness-info"]["data"]["seq"] == seq


def test_tck002_changed_tick_patches_the_map_and_sends_row_transactions(app) -> None:
    rt = app.server.extensions["headsup"]
    client = client_as(app, "viewer")
    seq = rt.store.latest_seq()
    view = held_view(app)
    rt.store.append(
        [
            Event(
                source="chicago-oemc",  # the reporting source owns the incident's fields
                event_id="x1",
                type="incident.updated",
                occurred_at=datetime.now(UTC),
                incident_id="protest-chicago",
                incident={"crowd_size": 4321},
            )
        ]
    )
    answer = post(client, tick_body(seq, view=view))["response"]
    patch = answer["ops-map"]["figure"]
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    assert answer["ops-grid"]["rowTransaction"]["update"][0]["crowd"] == 4321
    assert answer["ops-grid"]["rowTransaction"]["add"] == []
    assert answer["ops-seq"]["data"] == seq + 1
    assert "rowData" not in answer["ops-grid"]


def test_tck003_a_lost_tick_loses_nothing(app) -> None:
    """Two writes, one tick from the old seq: both changes arrive together."""
    rt = app.server.extensions["headsup"]
    client = client_as(app, "viewer")
    seq = rt.store.latest_seq()
    view = held_view(app)
    for n, incident in enumerate(("protest-chicago", "protest-portland")):
        rt.store.append(
            [
                Event(
                    source="t",
                    event_id=f"y{n}",
                    type="incident.updated",
                    occurred_at=datetime.now(UTC),
                    incident_id=incident,
                    incident={"crowd_size": 100 + n},
                )
            ]
        )
    answer = post(client, tick_body(seq, view=view))["response"]
    updated = {r["id"] for r in answer["ops-grid"]["rowTransaction"]["update"]}
    assert updated == {"protest-chicago", "protest-portland"}


def test_tck004_forged_seq_gets_a_whole_picture_not_an_error(app) -> None:
    client = client_as(app, "viewer")
    answer = post(client, tick_body("not-a-seq"))["response"]
    assert answer["ops-map"]["figure"]["data"]
    assert len(answer["ops-grid"]["rowData"]) == 8


def test_tck005_a_kind_filter_narrows_map_list_and_tiles_together(app) -> None:
    client = client_as(app, "viewer")
    seq = app.server.extensions["headsup"].store.latest_seq()
    body = tick_body(seq, view=held_view(app), kinds=["staging"], changed="ops-kind.value")
    answer = post(client, body)["response"]
    drawn = {i for t in answer["ops-map"]["figure"]["data"][:3] for i in t["customdata"]}
    assert drawn == {"staging-paramount"}
    assert [r["id"] for r in answer["ops-grid"]["rowData"]] == ["staging-paramount"]
    tiles = answer["ops-kpis"]["children"]
    assert "1" in str(tiles) and answer["ops-view"]["data"]["key"] != held_view(app)["key"]


def test_tck006_a_lasso_narrows_the_list_and_tiles_but_leaves_the_map(app) -> None:
    client = client_as(app, "viewer")
    seq = app.server.extensions["headsup"].store.latest_seq()
    lasso = {"points": [{"customdata": "op-fashion"}, {"customdata": "protest-fashion"}]}
    body = tick_body(seq, view=held_view(app), lasso=lasso, changed="ops-map.selectedData")
    answer = post(client, body)["response"]
    assert "ops-map" not in answer
    assert {r["id"] for r in answer["ops-grid"]["rowData"]} == {"op-fashion", "protest-fashion"}

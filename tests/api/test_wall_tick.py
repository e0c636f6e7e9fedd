"""The wall's live tick over HTTP: no SQL when nothing changed, deltas when something did."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from dashboard import ids
from dashboard.callbacks.wall import TICK_OUTPUTS
from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.read.tracking import current_alarms
from dashboard.security.kiosks import create_kiosk
from tests.auth import client_as, kiosk_client
from tests.dash_requests import callback_body

WIDTH = 1920


@pytest.fixture
def app(config: Config):
    app = create_app(config)
    app.server.extensions["headsup-callback-keys"] = list(app.callback_map)
    yield app
    app.server.extensions["headsup"].stop()


def wall_body(n: int, seq: Any, state: Any, width: Any = WIDTH, search: str = "") -> dict[str, Any]:
    """Return one paced wall tick as the browser sends it."""
    return callback_body(
        TICK_OUTPUTS,
        [(ids.WALL_ASK, "data", {"n": n}), (ids.WALL_VIEWPORT, "data", width)],
        [
            (ids.WALL_SEQ, "data", seq),
            (ids.WALL_STATE, "data", state),
            ("url", "search", search),
        ],
    )


def post(client, body) -> dict[str, Any]:
    # The heartbeat output is shared (allow_duplicate): Dash names it with a hash suffix.
    keys = client.application.extensions["headsup-callback-keys"]
    body["output"] = next(k for k in keys if k.startswith(".." + ids.WALL_MAP))
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.text[:300]
    return response.get_json()["response"]


def loaded(client) -> tuple[int, dict[str, Any]]:
    """Tick once with no state, as a fresh wall does, and return its seq and state."""
    answer = post(client, wall_body(1, None, None))
    assert answer[ids.WALL_MAP]["figure"]["data"]  # a whole figure
    return answer[ids.WALL_SEQ]["data"], answer[ids.WALL_STATE]["data"]


def test_tck101_unchanged_wall_tick_runs_no_sql_and_answers_only_the_heartbeat(app) -> None:
    rt = app.server.extensions["headsup"]
    client = kiosk_client(app, ["los-angeles", "paramount"])
    seq, state = loaded(client)
    statements: list[str] = []
    event.listen(rt.store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    answer = post(client, wall_body(2, seq, state))
    if set(answer) != {"freshness-info", ids.WALL_ANSWER}:
        # The alarm bucket turned between the two ticks: the next one is unchanged again.
        seq, state = answer[ids.WALL_SEQ]["data"], answer[ids.WALL_STATE]["data"]
        statements.clear()
        answer = post(client, wall_body(3, seq, state))
    assert statements == []
    assert set(answer) == {"freshness-info", ids.WALL_ANSWER}
    assert answer[ids.WALL_ANSWER]["data"] == answer[ids.WALL_ANSWER]["data"] > 1
    assert answer["freshness-info"]["data"]["offline_after_ms"] > 2 * rt.config.refresh_ms


def test_tck102_new_event_patches_the_map_and_tops_the_ticker(app) -> None:
    rt = app.server.extensions["headsup"]
    client = kiosk_client(app, ["los-angeles", "paramount"])
    seq, state = loaded(client)
    rt.store.append(
        [
            Event(
                source="lapd-cad",
                event_id="tck102",
                type="notification.acknowledged",
                occurred_at=datetime.now(UTC),
                incident_id="op-fashion",
                agency="lapd",
            )
        ]
    )
    answer = post(client, wall_body(2, seq, state))
    assert answer[ids.WALL_MAP]["figure"]["__dash_patch_update"] == "__dash_patch_update"
    assert answer[ids.WALL_SEQ]["data"] == seq + 1
    first = answer[ids.WALL_TICKER]["children"][0]["props"]["children"]
    texts = [part["props"]["children"] for part in first]
    assert texts[2].startswith("LAPD acknowledged") and texts[3] == "lapd-cad"
    assert len(answer[ids.WALL_TICKER]["children"]) <= 10
    assert ids.WALL_CITY not in answer  # the same cities: no redraw of the scope


def test_tck103_kiosk_wall_alarms_name_incident_city_and_wrong(app) -> None:
    client = kiosk_client(app, ["los-angeles"])
    answer = post(client, wall_body(1, None, None))
    rows = answer[ids.WALL_ALARMS]["children"]
    text = repr(rows)
    assert "NOT TOLD IN ADVANCE" in text and "Los Angeles" in text
    assert "Chicago" not in text  # a kiosk sees its own cities only
    tiles = {t["props"]["id"]: t["props"] for t in answer[ids.WALL_KPIS]["children"]}
    assert tiles["kpi-alarms"]["data-state"] == "alarm"
    # The agency board: LAPD was told 25 minutes after the operation began, so it is late.
    board = {r["props"]["children"][0]["props"]["children"]: r["props"]
             for r in answer[ids.WALL_BOARD]["children"]}  # fmt: skip
    assert board["▲ LAPD"]["data-late"] == "true"
    assert board["▲ LAPD"]["children"][1]["props"]["children"] == "on scene"


def test_tck104_rotation_goes_to_a_new_alarm_and_holds_there(app) -> None:
    rt = app.server.extensions["headsup"]
    with app.server.test_request_context():
        alarmed = {rt.picture.incidents["city"].get(i) for i in current_alarms(rt)["incident_id"]}
    quiet = [c for c in ("portland", "charlotte", "chicago") if c not in alarmed][:2]
    assert len(quiet) == 2, alarmed
    token = create_kiosk(rt.store.engine, "rotating", quiet, "t", "t", rotate_s=30)
    client = app.server.test_client()
    assert client.get(f"/wall?token={token}").status_code == 303
    answer = post(client, wall_body(1, None, None))
    first = answer[ids.WALL_STATE]["data"]["city"]
    assert first == quiet[0]
    other = quiet[1]
    now = datetime.now(UTC)
    rt.store.append([unannounced_operation(other, now - timedelta(minutes=10))])
    seq, state = answer[ids.WALL_SEQ]["data"], answer[ids.WALL_STATE]["data"]
    # Alarms are checked once per alarm bucket: within a few ticks the wall goes there.
    for n in range(2, 40):
        answer = post(client, wall_body(n, seq, state))
        seq = answer.get(ids.WALL_SEQ, {}).get("data", seq)
        state = answer.get(ids.WALL_STATE, {}).get("data", state)
        if state["city"] == other:
            break
        time.sleep(0.25)
    assert state["city"] == other
    assert "Unannounced raid" in repr(answer[ids.WALL_ALARMS]["children"])
    assert answer[ids.WALL_CITY]["children"] == rt.city_names()[other]
    # An hour later it still holds: the alarm has not cleared.
    held = post(client, wall_body(99, None, {**state, "since": state["since"] - 3600}))
    assert held[ids.WALL_STATE]["data"]["city"] == other


def unannounced_operation(city: str, started: datetime) -> Event:
    """Return an active operation in the city that no local agency was told of."""
    centre = {"portland": (45.5152, -122.6784), "charlotte": (35.2271, -80.8431),
              "chicago": (41.8781, -87.6298)}[city]  # fmt: skip
    return Event(
        source="ice-ero",
        event_id=f"tck104-{city}",
        type="incident.reported",
        occurred_at=started,
        incident_id=f"raid-{city}",
        incident={
            "kind": "operation",
            "status": "active",
            "title": "Unannounced raid",
            "lat": centre[0],
            "lon": centre[1],
            "city": city,
            "started_at": started,
        },
    )


def test_tck105_signed_in_users_choose_cities_and_rotation_in_the_url_kiosks_cannot(
    app,
) -> None:
    viewer = client_as(app, "viewer")
    answer = post(
        viewer, wall_body(1, None, None, search="?cities=chicago,atlantis,portland&rotate=30")
    )
    state = answer[ids.WALL_STATE]["data"]
    assert state["scope"] == "chicago,portland/30"  # atlantis is no city: dropped
    # One city at a time (the alarmed one first, if either has an alarm).
    names = {"chicago": "Chicago", "portland": "Portland"}
    assert answer[ids.WALL_CITY]["children"] == names[state["city"]]
    still = post(viewer, wall_body(1, None, None, search="?cities=chicago,portland&rotate=1"))
    assert still[ids.WALL_CITY]["children"] == "Chicago, Portland"  # too fast: all at once
    kiosk = kiosk_client(app, ["los-angeles"])
    answer = post(kiosk, wall_body(1, None, None, search="?cities=chicago&rotate=30"))
    assert answer[ids.WALL_CITY]["children"] == "Los Angeles"
    assert "Chicago" not in repr(answer[ids.WALL_TICKER]["children"])

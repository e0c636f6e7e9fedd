"""Incident fields belong to their reporting source; another source's claim is a conflict."""

from __future__ import annotations

import json
from typing import Any

from dashboard.store.tokens import create_token
from tests.auth import client_as
from tests.reliability.conftest import GOOD_EVENT, Api
from tests.reliability.test_rel_retraction import assert_rebuild_agrees, engine
from tests.security.forge import forged_bodies, post


def change(source: str, event_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    """Return an incident.updated or incident.closed event about the good event's incident."""
    event: dict[str, Any] = {
        "source": source,
        "event_id": event_id,
        "type": kind,
        "occurred_at": "2026-06-06T18:00:00Z",
        "incident_id": "inc-t",
    }
    return {**event, "incident": fields} if fields else event


def text(response: Any) -> str:
    """Return a callback answer as readable JSON text."""
    return json.dumps(response.get_json(), ensure_ascii=False)


def properties(api: Api) -> dict[str, Any]:
    """Return the incident's properties as the API shows them."""
    return api.get("/incidents/inc-t").get_json()["incident"]["properties"]


def test_rel067_another_source_cannot_retitle_or_close_an_incident(api: Api) -> None:
    other = create_token(engine(api), "b-only", ["lapd-cad"])
    assert api.post("/events", json=GOOD_EVENT).status_code == 200  # reported by "test"
    retitle = change("lapd-cad", "b-1", "incident.updated", title="Hijacked")
    close = {**change("lapd-cad", "b-2", "incident.closed"), "occurred_at": "2026-06-06T18:01:00Z"}
    answer = api.post("/events", token=other, json={"events": [retitle, close]})
    assert answer.status_code == 200  # stored as claims: never lost
    shown = properties(api)
    assert (shown["title"], shown["status"]) == ("Bounded", "active")
    assert shown["conflicts"] == [
        {"field": "status", "source": "lapd-cad", "value": "closed"},
        {"field": "title", "source": "lapd-cad", "value": "Hijacked"},
    ]
    own = change("test", "a-2", "incident.updated", title="Bounded, moved")
    assert api.post("/events", json=own).status_code == 200
    assert properties(api)["title"] == "Bounded, moved"
    assert_rebuild_agrees(engine(api))


def test_rel068_the_conflict_is_visible_in_the_detail_panel_and_the_list(api: Api) -> None:
    other = create_token(engine(api), "b-only", ["lapd-cad"])
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    retitle = change("lapd-cad", "b-1", "incident.updated", title="Hijacked")
    assert api.post("/events", token=other, json=retitle).status_code == 200
    api.runtime.picture.sync()
    viewer = client_as(api.app, "viewer")
    bodies = forged_bodies(api.app, "inc-t")
    detail = text(post(viewer, bodies["ops-detail.children"]))
    assert '⚠ title disputed by lapd-cad: \\"Hijacked\\"' in detail
    listed = text(post(viewer, bodies["ops-map.figure|ops-tick.n_intervals"]))
    assert '"title": "Bounded ⚠ disputed by lapd-cad"' in listed


def test_rel069_the_command_center_may_override_the_reporting_source(api: Api) -> None:
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    operator = client_as(api.app, "operator")
    bodies = forged_bodies(api.app, "inc-t")
    answer = post(operator, bodies["ops-change-message.children"])
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    shown = properties(api)
    assert shown["status"] == "contained"
    assert shown["conflicts"] == []

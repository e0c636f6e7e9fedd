"""First start without the demo: the operations view shows what to do, ticked off as done."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.reference import import_reference
from dashboard.reference.atlas import county_feature
from dashboard.store.tokens import create_token
from tests.api.events_data import report
from tests.auth import client_as
from tests.security.forge import forged_bodies, post

AGENCIES = b"id,name,kind,jurisdictions\nlasd,County Sheriff,sheriff,los-angeles-county\n"


@pytest.fixture
def fresh(sqlite_url: str, tmp_path: Path) -> Iterator[Dash]:
    """An install with HEADSUP_DEMO=0: no jurisdictions, agencies, tokens or events."""
    config = Config(database_url=sqlite_url, demo=False, instance_dir=str(tmp_path / "instance"))
    app = create_app(config, start_feed=False)
    app.server.config["TEST_VIEWER"] = client_as(app, "viewer")  # one sign-in per test
    yield app
    app.server.extensions["headsup"].stop()


def found_steps(node: Any) -> Iterator[tuple[str, bool]]:
    """Yield (step, done) for every checklist item in a Dash component tree."""
    if isinstance(node, dict):
        props = node.get("props", {})
        name = props.get("id") if isinstance(props, dict) else None
        if isinstance(name, str) and name.startswith("setup-"):
            yield name.removeprefix("setup-"), props["data-done"] == "true"
        for value in node.values():
            yield from found_steps(value)
    elif isinstance(node, list):
        for value in node:
            yield from found_steps(value)


def steps(app: Dash, tick: bool = False) -> dict[str, bool]:
    """Return each step's done flag as the operations view (or its tick) shows a viewer."""
    if tick:
        body = forged_bodies(app, "x")["ops-setup.children"]
    else:
        body = forged_bodies(app, "x")["page.children"]
        body["inputs"][0]["value"] = "/"
    response = post(app.server.config["TEST_VIEWER"], body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return dict(found_steps(response.get_json()))


def test_api130_the_checklist_ticks_itself_off_and_gives_way_to_the_map(fresh: Dash) -> None:
    engine = fresh.server.extensions["headsup"].store.engine
    assert steps(fresh) == {"jurisdictions": False, "agencies": False, "token": False,
                            "sender": False}  # fmt: skip
    county = county_feature("Los Angeles County, CA")
    county["properties"]["id"] = "los-angeles-county"
    doc = {"type": "FeatureCollection", "features": [county]}
    import_reference(engine, json.dumps(doc).encode(), "la.geojson", author="test")
    import_reference(engine, AGENCIES, "agencies.csv", author="test")
    assert steps(fresh, tick=True) == {"jurisdictions": True, "agencies": True, "token": False,
                                       "sender": False}  # fmt: skip
    token = create_token(engine, "lasd-cad", ["lapd-cad"])
    assert steps(fresh)["token"] is True
    body = report("first")
    del body["incident"]["city"]
    response = fresh.server.test_client().post(
        "/api/v1/events", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert steps(fresh) == {} and steps(fresh, tick=True) == {}  # the map takes over

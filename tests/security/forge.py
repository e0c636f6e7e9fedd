"""Forged posts to /_dash-update-component, one per protected callback."""

from __future__ import annotations

from typing import Any

from dash import Dash
from flask.testing import FlaskClient

from dashboard import ids
from dashboard.callbacks.operations import TICK_OUTPUTS
from dashboard.callbacks.wall import WALL_OUTPUTS


def _prop(output: Any) -> dict[str, str]:
    return {"id": output.component_id, "property": output.component_property}


def callback_key(app: Dash, first_output: str) -> str:
    """Return the key of the server callback whose outputs start with `first_output`."""
    keys = [
        k
        for k, v in app.callback_map.items()
        if k.lstrip(".").startswith(first_output) and "callback" in v
    ]
    assert len(keys) == 1, keys
    return keys[0]


def forged_bodies(app: Dash, incident_id: str) -> dict[str, dict[str, Any]]:
    """Return a well-formed update request for every server callback, by a short name."""

    def body(key: str, outputs: Any, inputs: list, state: list | None = None) -> dict:
        return {
            "output": key,
            "outputs": outputs,
            "inputs": inputs,
            "state": state or [],
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        }

    def value(component: str, prop: str, val: Any) -> dict:
        return {"id": component, "property": prop, "value": val}

    return {
        "router": body(
            "page.children",
            {"id": "page", "property": "children"},
            [value("url", "pathname", "/")],
        ),
        "ops-tick": body(
            callback_key(app, f"{ids.OPS_MAP}.figure"),
            [_prop(o) for o in TICK_OUTPUTS],
            [value(ids.OPS_TICK, "n_intervals", 1), value(ids.OPS_CITY, "value", None)],
            [value(ids.OPS_SEQ, "data", "not-a-seq")],
        ),
        "ops-select": body(
            f"{ids.OPS_SELECTED}.data",
            {"id": ids.OPS_SELECTED, "property": "data"},
            [
                value(ids.OPS_MAP, "clickData", {"points": [{"customdata": incident_id}]}),
                value(ids.OPS_GRID, "cellClicked", None),
            ],
        ),
        "ops-detail": body(
            f"{ids.OPS_DETAIL}.children",
            {"id": ids.OPS_DETAIL, "property": "children"},
            [value(ids.OPS_SELECTED, "data", incident_id), value(ids.OPS_SEQ, "data", 1)],
        ),
        "wall-tick": body(
            callback_key(app, f"{ids.WALL_MAP}.figure"),
            [_prop(o) for o in WALL_OUTPUTS],
            [value(ids.WALL_TICK, "n_intervals", 1)],
            [value(ids.WALL_SEQ, "data", None)],
        ),
        "admin-audit": body(
            f"{ids.ADMIN_AUDIT}.children",
            {"id": ids.ADMIN_AUDIT, "property": "children"},
            [value(ids.ADMIN_REFRESH, "n_clicks", 1)],
        ),
    }


def post(client: FlaskClient, body: dict[str, Any]) -> Any:
    """Post one callback request as dash-renderer would."""
    return client.post("/_dash-update-component", json=body)

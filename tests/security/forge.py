"""Forged posts to /_dash-update-component, one for every server callback of the app.

The bodies are built from the app's own callback map, so a callback added later is
forged too; the values below make each one do real work when it is allowed.
"""

from __future__ import annotations

import uuid
from typing import Any

from dash import Dash
from flask.testing import FlaskClient

from dashboard import ids


def input_values(incident_id: str) -> dict[str, Any]:
    """Return the value each input or state gets in a forged request (None otherwise)."""
    return {
        "url.pathname": "/",
        f"{ids.OPS_TICK}.n_intervals": 1,
        f"{ids.OPS_SEQ}.data": "not-a-seq",  # a forged seq gets the whole picture
        f"{ids.OPS_MAP}.clickData": {"points": [{"customdata": incident_id}]},
        f"{ids.OPS_SELECTED}.data": incident_id,
        f"{ids.OPS_ACTION_SUBMIT}.n_clicks": 1,
        f"{ids.OPS_ACTION_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_ACTION_TYPE}.value": "note.added",
        f"{ids.OPS_ACTION_NOTE}.value": "forged note",
        f"{ids.OPS_REPORT_LAT}.value": "33.8867",
        f"{ids.OPS_REPORT_LON}.value": "-118.1652",
        f"{ids.OPS_REPORT_SUBMIT}.n_clicks": 1,
        f"{ids.OPS_REPORT_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_REPORT_KIND}.value": "staging",
        f"{ids.OPS_REPORT_TITLE}.value": "forged report",
        f"{ids.OPS_REPORT_CITY}.value": "paramount",
        f"{ids.OPS_STATUS_SUBMIT}.n_clicks": 1,
        f"{ids.OPS_STATUS_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_STATUS_VALUE}.value": "contained",
        f"{ids.OPS_ALARM_TICK}.n_intervals": 1,
        f"{ids.WALL_TICK}.n_intervals": 1,
        f"{ids.ADMIN_REFRESH}.n_clicks": 1,
        # Admin actions get that far: a click, but no page's CSRF token (refused inside).
        f"{ids.ADMIN_USER_ADD}.n_clicks": 1,
        f"{ids.ADMIN_USER_NAME}.value": "forged-user",
        f"{ids.ADMIN_USER_PASSWORD}.value": "forged password 123",
        f"{ids.ADMIN_KIOSK_CREATE}.n_clicks": 1,
        f"{ids.ADMIN_KIOSK_NAME}.value": "forged-kiosk",
        f"{ids.ADMIN_TOKEN_CREATE}.n_clicks": 1,
        f"{ids.ADMIN_TOKEN_NAME}.value": "forged-token",
        f"{ids.ADMIN_TOKEN_SOURCES}.value": "forged",
        f"{ids.ADMIN_IMPORT_UPLOAD}.contents": "data:text/csv;base64,aWQsbmFtZQo=",
        f"{ids.ADMIN_IMPORT_UPLOAD}.filename": "forged.csv",
        f"{ids.ANALYZE_URL}.search": "?window=7d",
        f"{ids.ANALYZE_STATE}.data": "?window=7d",
        f"{ids.ANALYZE_GRID}.getRowsRequest": {"startRow": 0, "endRow": 100},
        f"{ids.ANALYZE_EXPORT_CSV}.n_clicks": 1,
        f"{ids.ANALYZE_PNG}.data": {"chart": ids.ANALYZE_CHART_LEAD},
    }


def first_output(key: str) -> str:
    """Name a callback by its first output, without Dash's allow_duplicate suffix."""
    return key.strip(".").split("...")[0].split("@")[0]


def server_callbacks(app: Dash) -> dict[str, str]:
    """Return a name → callback_map key, for every callback that runs on the server.

    The name is the first output; callbacks that share it (allow_duplicate) add their
    first input, `ops-map.figure|ops-selected.data`, so none hides another.
    """
    server = {k: v for k, v in app.callback_map.items() if "callback" in v}
    firsts = [first_output(k) for k in server]

    def name(key: str, spec: dict) -> str:
        first = first_output(key)
        if firsts.count(first) == 1:
            return first
        trigger = spec["inputs"][0]
        return f"{first}|{trigger['id']}.{trigger['property']}"

    return {name(k, v): k for k, v in server.items()}


def forged_body(app: Dash, name: str, incident_id: str) -> dict[str, Any]:
    """Return a well-formed update request for the server callback named by `name`."""
    key = server_callbacks(app)[name]
    spec = app.callback_map[key]
    values = input_values(incident_id)
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]

    def filled(deps: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**d, "value": values.get(f"{d['id']}.{d['property']}")} for d in deps]

    inputs = filled(spec["inputs"])
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": filled(spec["state"]),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def forged_bodies(app: Dash, incident_id: str) -> dict[str, dict[str, Any]]:
    """Return a forged request for every server callback, by its first output."""
    return {name: forged_body(app, name, incident_id) for name in server_callbacks(app)}


def post(client: FlaskClient, body: dict[str, Any]) -> Any:
    """Post one callback request as dash-renderer would."""
    return client.post("/_dash-update-component", json=body)

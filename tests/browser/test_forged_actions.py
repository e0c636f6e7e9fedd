"""Forged callback requests posted straight to /_dash-update-component write nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from dash import Output

from dashboard import ids
from dashboard.config import Config
from dashboard.security import audit
from dashboard.store import queries
from tests.auth import make_user
from tests.browser.conftest import LiveServer, start_server
from tests.dash_requests import callback_body

STATES = (
    ids.OPS_ACTION_KEY,
    ids.OPS_SELECTED,
    ids.OPS_ACTION_TYPE,
    ids.OPS_ACTION_AGENCY,
    ids.OPS_ACTION_CHANNEL,
    ids.OPS_ACTION_TIME,
    ids.OPS_ACTION_NOTE,
)
STATE_PROPS = ("data", "data", "value", "value", "value", "value", "value")


def serve(tmp_path_factory: pytest.TempPathFactory, **settings: Any) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("forged") / "headsup.db"
    running = start_server(
        Config(database_url=f"sqlite:///{db}", testing=True, demo=True, **settings)
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def operator_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose user holds the operator role."""
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def viewer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose signed-in user holds only the viewer role."""
    for running in serve(tmp_path_factory):
        make_user(running.app, "vic", "viewer")
        running.user = "vic"
        yield running


def action_output(server: LiveServer) -> str:
    """Return the record-action callback's output key, as dash-renderer sends it."""
    return next(k for k in server.app.callback_map if f"{ids.OPS_ACTION_STATUS}.children" in k)


def post_action(server: LiveServer, **fields: Any) -> requests.Response:
    """Post a record-action callback with the given form values, like a forged client."""
    values = {
        ids.OPS_ACTION_KEY: uuid.uuid4().hex,
        ids.OPS_SELECTED: "protest-portland",
        ids.OPS_ACTION_TYPE: "notification.sent",
        ids.OPS_ACTION_AGENCY: "ppb",
        ids.OPS_ACTION_CHANNEL: None,
        ids.OPS_ACTION_TIME: "",
        ids.OPS_ACTION_NOTE: "",
        **fields,
    }
    output = action_output(server)
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1].split("@")[0]}
        for part in output.strip(".").split("...")
    ]
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": [{"id": ids.OPS_ACTION_SUBMIT, "property": "n_clicks", "value": 1}],
        "state": [
            {"id": i, "property": p, "value": values[i]}
            for i, p in zip(STATES, STATE_PROPS, strict=True)
        ],
        "changedPropIds": [f"{ids.OPS_ACTION_SUBMIT}.n_clicks"],
    }
    return server.http().post(server.url + "/_dash-update-component", json=body, timeout=10)


def operator_events(server: LiveServer) -> list[dict]:
    with server.runtime.store.engine.connect() as conn:
        events = queries.events_after(conn, 0, 100_000)
    return events[events["source"].str.startswith("operator:")].to_dict("records")


def status_of(response: requests.Response) -> str:
    """Return the status message the callback answered with."""
    return str(response.json()["response"][ids.OPS_ACTION_STATUS]["children"]["props"]["children"])


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({ids.OPS_SELECTED: "no-such-incident"}, "no incident 'no-such-incident'"),
        ({ids.OPS_ACTION_AGENCY: "no-such-agency"}, "unknown agency 'no-such-agency'"),
        ({ids.OPS_ACTION_TYPE: "incident.closed"}, "unknown action 'incident.closed'"),
        ({ids.OPS_ACTION_TYPE: "unit.teleported"}, "unknown action"),
        ({ids.OPS_ACTION_TIME: "yesterday at noon"}, "is not a time"),
        ({ids.OPS_ACTION_TIME: "2026-03-08 02:30"}, "does not exist in America/Los_Angeles"),
        ({ids.OPS_ACTION_TIME: "2999-01-01 10:00"}, "in the future"),
        ({ids.OPS_ACTION_CHANNEL: "<script>"}, "unknown channel"),
        ({ids.OPS_ACTION_KEY: "../../etc"}, "reload the page"),
        ({ids.OPS_ACTION_AGENCY: ["ppb"]}, "unknown agency"),
        ({ids.OPS_ACTION_TYPE: "note.added", ids.OPS_ACTION_NOTE: "  "}, "write the note"),
    ],
)
def test_trk401_forged_or_invalid_action_writes_nothing_and_says_why(
    operator_server: LiveServer, fields: dict, says: str
) -> None:
    before = operator_server.runtime.store.latest_seq()
    response = post_action(operator_server, **fields)
    assert response.status_code == 200
    body = response.json()["response"]
    assert body[ids.OPS_ACTION_RESULT]["data"]["ok"] is False
    assert says in status_of(response)
    assert body[ids.OPS_ACTION_STATUS]["children"]["props"]["className"] == "action-error"
    assert operator_server.runtime.store.latest_seq() == before
    assert operator_events(operator_server) == []


def test_trk402_a_user_without_the_operator_role_is_refused_and_nothing_is_written(
    viewer_server: LiveServer,
) -> None:
    before = viewer_server.runtime.store.latest_seq()
    response = post_action(viewer_server)
    assert response.status_code == 403
    assert response.json() == {"error": "not permitted"}  # refused by the access gate
    assert viewer_server.runtime.store.latest_seq() == before
    assert operator_events(viewer_server) == []


def test_trk403_a_double_submit_with_one_key_records_one_event(
    operator_server: LiveServer,
) -> None:
    key = uuid.uuid4().hex
    first = post_action(
        operator_server, **{ids.OPS_ACTION_KEY: key, ids.OPS_SELECTED: "op-fashion"}
    )
    second = post_action(
        operator_server, **{ids.OPS_ACTION_KEY: key, ids.OPS_SELECTED: "op-fashion"}
    )
    assert status_of(first).startswith("Recorded: Notified for Portland Police Bureau at ")
    assert status_of(second) == "Already recorded."
    mine = [e for e in operator_events(operator_server) if e["event_id"] == f"ui-{key}"]
    assert len(mine) == 1 and mine[0]["source"] == "operator:operator"


def test_trk404_recording_a_step_again_corrects_it_and_the_log_keeps_both(
    operator_server: LiveServer,
) -> None:
    on_scene = {ids.OPS_SELECTED: "staging-paramount", ids.OPS_ACTION_TYPE: "unit.on_scene"}
    wrong = {**on_scene, ids.OPS_ACTION_AGENCY: "lasd", ids.OPS_ACTION_TIME: "2026-01-05 10:00"}
    right = {**wrong, ids.OPS_ACTION_TIME: "2026-01-05 10:20"}
    assert status_of(post_action(operator_server, **wrong)).startswith("Recorded")
    assert status_of(post_action(operator_server, **right)).startswith("Recorded")
    events = [
        e for e in operator_events(operator_server) if e["incident_id"] == "staging-paramount"
    ]
    assert len(events) == 2
    assert events[1]["payload"]["data"]["supersedes"] == events[0]["event_id"]
    with operator_server.runtime.store.engine.connect() as conn:
        claims = queries.claims_frame(conn, ["staging-paramount"])
    mine = claims[claims["source"] == "operator:operator"]
    # 10:20 PST is 18:20 UTC: the correction is the claim that counts.
    assert [t.strftime("%H:%M") for t in mine["occurred_at"]] == ["18:20"]


def form_for(server: LiveServer, incident_id: str) -> dict:
    """Post the selection as the browser does; return the action form's new props."""
    body = callback_body(
        [Output(ids.OPS_ACTIONS, "hidden"), Output(ids.OPS_ACTION_AGENCY, "options")],
        [(ids.OPS_SELECTED, "data", incident_id)],
    )
    response = server.http().post(server.url + "/_dash-update-component", json=body, timeout=10)
    assert response.status_code == 200
    return response.json()["response"]


def test_trk405_the_form_is_offered_to_operators_only(
    operator_server: LiveServer, viewer_server: LiveServer
) -> None:
    offered = form_for(operator_server, "protest-paramount")
    assert offered[ids.OPS_ACTIONS]["hidden"] is False
    options = offered[ids.OPS_ACTION_AGENCY]["options"]
    # The city's own agencies come first, marked local.
    assert {o["value"] for o in options[:2]} == {"lasd", "paramount-city"}
    assert all(o["label"].endswith("(local)") for o in options[:2])
    refused = form_for(viewer_server, "protest-paramount")
    assert refused[ids.OPS_ACTIONS]["hidden"] is True
    assert refused[ids.OPS_ACTION_AGENCY]["options"] == []


# Incidents entered by hand: the report form and the status form, forged the same way.
REPORT = {
    f"{ids.OPS_REPORT_SUBMIT}.n_clicks": 1,
    f"{ids.OPS_REPORT_KIND}.value": "staging",
    f"{ids.OPS_REPORT_TITLE}.value": "Agents staging at the Home Depot",
    f"{ids.OPS_REPORT_ADDRESS}.value": "Alondra Blvd",
    f"{ids.OPS_REPORT_LAT}.value": "33.8867",
    f"{ids.OPS_REPORT_LON}.value": "-118.1652",
    f"{ids.OPS_REPORT_CITY}.value": "paramount",
    f"{ids.OPS_REPORT_TIME}.value": "",
}


def post_form(server: LiveServer, first_output: str, values: dict[str, Any]) -> requests.Response:
    """Post the callback whose first output is `first_output` with these input values."""
    key = next(k for k in server.app.callback_map if k.strip(".").startswith(first_output))
    spec = server.app.callback_map[key]
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in key.strip(".").split("...")
    ]

    def filled(deps: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**d, "value": values.get(f"{d['id']}.{d['property']}")} for d in deps]

    inputs = filled(spec["inputs"])
    body = {
        "output": key,
        # One output is sent bare, as the renderer does: a list would mean a multi-output.
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": filled(spec["state"]),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return server.http().post(server.url + "/_dash-update-component", json=body, timeout=10)


def post_report(server: LiveServer, **fields: Any) -> requests.Response:
    values = {f"{ids.OPS_REPORT_KEY}.data": uuid.uuid4().hex, **REPORT, **fields}
    return post_form(server, f"{ids.OPS_REPORT_STATUS}.children", values)


def said(response: requests.Response, status_id: str) -> tuple[str, str]:
    """Return the message a form's status line shows, and its class."""
    props = response.json()["response"][status_id]["children"]["props"]
    return str(props["children"]), str(props["className"])


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({f"{ids.OPS_REPORT_CITY}.value": "atlantis"}, "unknown city 'atlantis'"),
        ({f"{ids.OPS_REPORT_LAT}.value": "91"}, "latitude must lie between -90 and 90"),
        ({f"{ids.OPS_REPORT_LON}.value": "east"}, "longitude 'east' is not a number"),
        ({f"{ids.OPS_REPORT_LAT}.value": None}, "pick the point on the map"),
        ({f"{ids.OPS_REPORT_TITLE}.value": "  "}, "write a title"),
        ({f"{ids.OPS_REPORT_KIND}.value": "riot"}, "unknown kind 'riot'"),
        ({f"{ids.OPS_REPORT_KIND}.value": {"$ne": 1}}, "unknown kind"),
        ({f"{ids.OPS_REPORT_KEY}.data": "../../etc"}, "reload the page"),
        ({f"{ids.OPS_REPORT_TIME}.value": "2026-03-08 02:30"}, "does not exist"),
        # Far from the city chosen: refused with the distance, not filed under another city.
        (
            {f"{ids.OPS_REPORT_LAT}.value": "0", f"{ids.OPS_REPORT_LON}.value": "0"},
            "km from Paramount",
        ),
    ],
)
def test_trk406_a_forged_or_invalid_report_writes_nothing_and_says_why(
    operator_server: LiveServer, fields: dict, says: str
) -> None:
    before = operator_server.runtime.store.latest_seq()
    response = post_report(operator_server, **fields)
    assert response.status_code == 200
    message, css = said(response, ids.OPS_REPORT_STATUS)
    assert says.lower() in message.lower() and css == "action-error"
    assert not message[0].islower()  # a sentence, as the page's own messages are
    assert operator_server.runtime.store.latest_seq() == before


@pytest.mark.parametrize(
    ("lat", "lon", "chosen", "offered"),
    [
        ("33.8894", "-118.1597", None, "paramount"),  # inside the city: the city
        ("33.95", "-118.2", None, "los-angeles-county"),  # in the county, in no city
        ("0", "0", None, None),  # far from every jurisdiction: nothing offered
        ("33.95", "-118.2", "los-angeles", None),  # the operator's choice stays
    ],
)
def test_trk408_the_city_offered_for_a_point_never_overrides_a_choice(
    operator_server: LiveServer, lat: str, lon: str, chosen: str | None, offered: str | None
) -> None:
    values = {
        f"{ids.OPS_REPORT_LAT}.value": lat,
        f"{ids.OPS_REPORT_LON}.value": lon,
        f"{ids.OPS_REPORT_CITY}.value": chosen,
    }
    response = post_form(operator_server, f"{ids.OPS_REPORT_CITY}.value", values)
    if offered is None:
        assert response.status_code == 204
    else:
        assert response.json()["response"][ids.OPS_REPORT_CITY]["value"] == offered


@pytest.mark.parametrize(
    "first_output",
    [
        f"{ids.OPS_REPORT_STATUS}.children",
        f"{ids.OPS_STATUS_MESSAGE}.children",
        f"{ids.OPS_REPORT_CITY}.value",
    ],
)
def test_trk407_a_viewer_cannot_report_or_change_a_status(
    viewer_server: LiveServer, first_output: str
) -> None:
    before = viewer_server.runtime.store.latest_seq()
    values = {
        **REPORT,
        f"{ids.OPS_REPORT_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_STATUS_SUBMIT}.n_clicks": 1,
        f"{ids.OPS_STATUS_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_SELECTED}.data": "op-fashion",
        f"{ids.OPS_STATUS_VALUE}.value": "closed",
    }
    response = post_form(viewer_server, first_output, values)
    assert response.status_code == 403
    assert response.json() == {"error": "not permitted"}
    assert viewer_server.runtime.store.latest_seq() == before


def test_trk408_a_double_submitted_report_is_one_incident_audited_once(
    operator_server: LiveServer,
) -> None:
    key = uuid.uuid4().hex
    first = post_report(operator_server, **{f"{ids.OPS_REPORT_KEY}.data": key})
    second = post_report(operator_server, **{f"{ids.OPS_REPORT_KEY}.data": key})
    assert said(first, ids.OPS_REPORT_STATUS)[0].startswith(
        "Reported: Agents staging at the Home Depot (Staging site, Paramount) since "
    )
    assert said(second, ids.OPS_REPORT_STATUS)[0].startswith("Already reported")
    mine = [e for e in operator_events(operator_server) if e["event_id"] == f"ui-{key}"]
    assert len(mine) == 1 and mine[0]["type"] == "incident.reported"
    trail = audit.recent(operator_server.runtime.store.engine, action="incident.reported")
    assert list(trail["actor"][trail["detail"].str.contains(key)]) == ["user:operator"]


def test_trk409_a_status_change_to_closed_is_stored_with_its_note(
    operator_server: LiveServer,
) -> None:
    values = {
        f"{ids.OPS_STATUS_SUBMIT}.n_clicks": 1,
        f"{ids.OPS_STATUS_KEY}.data": uuid.uuid4().hex,
        f"{ids.OPS_SELECTED}.data": "protest-fashion",
        f"{ids.OPS_STATUS_VALUE}.value": "closed",
        f"{ids.OPS_STATUS_NOTE}.value": "crowd dispersed",
    }
    response = post_form(operator_server, f"{ids.OPS_STATUS_MESSAGE}.children", values)
    message, css = said(response, ids.OPS_STATUS_MESSAGE)
    assert css == "action-ok" and message.startswith("Recorded: closed at ")
    assert message.endswith(("PST.", "PDT."))  # city time, with its zone
    closed = [e for e in operator_events(operator_server) if e["type"] == "incident.closed"]
    assert [e["payload"]["data"]["text"] for e in closed] == ["crowd dispersed"]
    runtime = operator_server.runtime
    runtime.picture.sync()
    assert runtime.picture.incidents.loc["protest-fashion", "status"] == "closed"
    again = post_form(
        operator_server,
        f"{ids.OPS_STATUS_MESSAGE}.children",
        {**values, f"{ids.OPS_STATUS_KEY}.data": uuid.uuid4().hex},
    )
    assert said(again, ids.OPS_STATUS_MESSAGE)[0] == "The incident is closed already"

"""Callbacks of notification tracking: operator actions, alarms, figures, live counters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.actions import ActionInvalid, ActionRequest, step_confirmation, step_event
from dashboard.callbacks.recording import answer, commit, operator_source
from dashboard.figures.incident_list import incident_rows
from dashboard.read.tracking import alarm_panel, alarm_text, current_alarms, stats_panel
from dashboard.read.views import row_labels
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, guarded_callback, may


def action_form(incident_id: Any) -> tuple[bool, list[dict[str, str]]]:
    """Show the form to operators once an incident is selected; list its agencies first."""
    rt = runtime()
    if not isinstance(incident_id, str) or not may(Permission.RECORD):
        return True, []
    incidents = rt.picture.incidents
    ref = rt.reference()
    found = incidents.loc[[incident_id]] if incident_id in incidents.index else incidents.iloc[:0]
    places = set(ref.locality.places_of(found)["jurisdiction_id"])
    members = ref.members
    local = set(members.loc[members["jurisdiction_id"].isin(places), "agency_id"])
    agencies = rt.agencies().sort_values("name")
    options = [
        {"label": f"{a.name} (local)" if a.id in local else a.name, "value": a.id}
        for a in agencies.itertuples()
    ]
    options.sort(key=lambda o: o["value"] not in local)
    return False, options


def record(
    _clicks: Any,
    key: Any,
    incident_id: Any,
    action: Any,
    agency: Any,
    channel: Any,
    time_text: Any,
    note: Any,
) -> tuple:
    """Record one operator action as an event; refuse forged or invalid input visibly."""
    if not _clicks:
        raise PreventUpdate
    source = operator_source()
    rt = runtime()
    req = ActionRequest(key, incident_id, action, agency, channel, time_text, note)
    agencies = rt.agencies()
    names = dict(zip(agencies["id"], agencies["name"], strict=True))
    tz = _city_tz(rt, incident_id)
    known = (set(rt.picture.incidents.index), set(names), rt.picture.claims)
    try:
        event = step_event(req, source, *known, tz, datetime.now(UTC))
    except ActionInvalid as exc:
        return (*answer(False, str(exc), key), no_update, no_update, no_update)
    stored = commit(rt, event)
    if not stored.ok:
        return (*answer(False, stored.problem, key), no_update, no_update, no_update)
    if stored.conflict:
        return (*answer(True, "Already recorded.", key), no_update, no_update, no_update)
    message = step_confirmation(event, stored.duplicate, names, tz)
    return (*answer(True, message, key), "", "", None)


def _city_tz(rt: Runtime, incident_id: Any) -> str:
    incidents = rt.picture.incidents
    if isinstance(incident_id, str) and incident_id in incidents.index:
        return rt.city_tz(str(incidents.loc[incident_id, "city"]))
    return "UTC"


def alarms(_n: Any, cities: list[str] | None, seen: dict | None) -> tuple:
    """Refresh the alarm tile, and the list rows whose alarm changed since the client saw."""
    rt = runtime()
    current_alarms(rt)
    text = alarm_text(rt)
    seen = seen if isinstance(seen, dict) else {}
    incidents = rt.picture.incidents
    visible = incidents[incidents["city"].isin(cities)] if cities else incidents
    changed_ids = [i for i in visible["id"] if text.get(i, "") != seen.get(i, "")]
    changed = visible.loc[changed_ids].assign(alarm=[text.get(i, "") for i in changed_ids])
    # Rows, not a grid transaction: the browser keeps those its grid holds (heldRows); the
    # rest (new since its last tick, or outside its filters) come with their alarm anyway.
    rows = incident_rows(changed, row_labels(rt)) if len(changed) else no_update
    return alarm_panel(rt, cities), rows, text


def stats(_n: Any, cities: list[str] | None) -> Any:
    """Refresh the per-city and per-agency figures (on the slow alarm tick: they move slowly)."""
    rt = runtime()
    return [html.H4("Notice and response, per city and agency"), stats_panel(rt, cities)]


def register(app: Dash) -> None:
    """Wire the tracking callbacks (clientside code in assets/tracking.js)."""
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_ACTIONS, "hidden"),
        Output(ids.OPS_ACTION_AGENCY, "options"),
        Input(ids.OPS_SELECTED, "data"),
        prevent_initial_call=True,
    )(action_form)
    guarded_callback(
        app,
        Permission.RECORD,
        Output(ids.OPS_ACTION_STATUS, "children"),
        Output(ids.OPS_ACTION_RESULT, "data"),
        Output(ids.OPS_ACTION_NOTE, "value"),
        Output(ids.OPS_ACTION_TIME, "value"),
        Output(ids.OPS_ACTION_CHANNEL, "value"),
        Input(ids.OPS_ACTION_SUBMIT, "n_clicks"),
        State(ids.OPS_ACTION_KEY, "data"),
        State(ids.OPS_SELECTED, "data"),
        State(ids.OPS_ACTION_TYPE, "value"),
        State(ids.OPS_ACTION_AGENCY, "value"),
        State(ids.OPS_ACTION_CHANNEL, "value"),
        State(ids.OPS_ACTION_TIME, "value"),
        State(ids.OPS_ACTION_NOTE, "value"),
        prevent_initial_call=True,
    )(record)
    app.clientside_callback(
        ClientsideFunction("headsup_tracking", "newKey"),
        Output(ids.OPS_ACTION_KEY, "data"),
        Input(ids.OPS_ACTION_RESULT, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("headsup_tracking", "heldRows"),
        Output(ids.OPS_GRID, "rowTransaction", allow_duplicate=True),
        Input(ids.OPS_ALARM_ROWS, "data"),
        State(ids.OPS_GRID, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("headsup_tracking", "elapsed"),
        Output({"type": ids.ELAPSED, "index": ALL}, "children"),
        Output({"type": ids.ELAPSED, "index": ALL}, "className"),
        Input(ids.CLOCK, "n_intervals"),
        State({"type": ids.ELAPSED, "index": ALL}, "data-since"),
        State({"type": ids.ELAPSED, "index": ALL}, "data-alarm-after"),
    )
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_ALARMS, "children"),
        Output(ids.OPS_ALARM_ROWS, "data"),
        Output(ids.OPS_ALARM_SEEN, "data"),
        Input(ids.OPS_ALARM_TICK, "n_intervals"),
        Input(ids.OPS_CITY, "value"),
        State(ids.OPS_ALARM_SEEN, "data"),
        prevent_initial_call=True,
    )(alarms)
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_FIGURES, "children"),
        Input(ids.OPS_ALARM_TICK, "n_intervals"),
        Input(ids.OPS_CITY, "value"),
        prevent_initial_call=True,
    )(stats)

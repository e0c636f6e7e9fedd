"""Callbacks of notification tracking: operator actions, alarms, figures, live counters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate
from flask import abort

from dashboard import ids
from dashboard.actions import ACTIONS, ActionInvalid, ActionRequest, build_event
from dashboard.authz import NotAllowed, has_role, require_role
from dashboard.figures.incident_list import incident_rows
from dashboard.ingest.models import Event
from dashboard.read.tracking import alarm_panel, alarm_text, current_alarms, stats_panel
from dashboard.runtime import Runtime, runtime
from dashboard.security import Permission, guarded_callback
from dashboard.store import EventsRejected


def action_form(incident_id: Any) -> tuple[bool, list[dict[str, str]]]:
    """Show the form to operators once an incident is selected; list its agencies first."""
    rt = runtime()
    if not isinstance(incident_id, str) or not has_role("operator"):
        return True, []
    incidents = rt.picture.incidents
    city = incidents.loc[incident_id, "city"] if incident_id in incidents.index else None
    members = rt.members()
    local = set(members.loc[members["jurisdiction_id"] == city, "agency_id"])
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
    try:
        user = require_role("operator")
    except NotAllowed:
        abort(403, "recording actions needs the operator role")
    rt = runtime()
    req = ActionRequest(key, incident_id, action, agency, channel, time_text, note)
    known = (set(rt.picture.incidents.index), set(rt.agencies()["id"]))
    tz, now = _city_tz(rt, incident_id), datetime.now(UTC)
    try:
        event = build_event(req, user.source, *known, tz, now)
        # Only once the input is known good: name the operator's own claim it corrects.
        previous = _previous_claim(rt, event)
        if previous:
            event = build_event(req, user.source, *known, tz, now, supersedes=previous)
        result = rt.store.append([event])
    except ActionInvalid as exc:
        return _answer(False, str(exc), key)
    except EventsRejected as exc:
        if exc.conflict:  # the same form submitted twice: the first one was stored
            return _answer(True, "Already recorded.", key)
        return _answer(False, str(exc), key)
    verb = "Already recorded" if result.duplicates else "Recorded"
    what = ACTIONS[event.type] + (f" for {event.agency}" if event.agency else "")
    when = event.occurred_at.strftime("%H:%M:%S UTC")
    return _answer(True, f"{verb}: {what} at {when}.", key, clear=True)


def _answer(ok: bool, message: str, key: Any, clear: bool = False) -> tuple:
    """Return status, result, and the note, time and channel cleared after a success."""
    status = html.Span(message, className="action-ok" if ok else "action-error")
    result = {"ok": ok, "message": message, "key": key}
    if not clear:
        return status, result, no_update, no_update, no_update
    return status, result, "", "", None


def _city_tz(rt: Runtime, incident_id: Any) -> str:
    incidents = rt.picture.incidents
    if isinstance(incident_id, str) and incident_id in incidents.index:
        return rt.city_tz(str(incidents.loc[incident_id, "city"]))
    return "UTC"


def _previous_claim(rt: Runtime, event: Event) -> str | None:
    """Return this operator's current claim of the same step, which the new one corrects."""
    claims = rt.picture.claims
    if event.step is None or claims.empty:
        return None
    mine = claims[
        (claims["incident_id"] == event.incident_id)
        & (claims["agency_id"] == event.agency)
        & (claims["step"] == event.step)
        & (claims["source"] == event.source)
    ]
    return str(mine["event_id"].iloc[-1]) if len(mine) else None


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
    transaction = {"update": incident_rows(changed, rt.city_names())} if len(changed) else no_update
    return alarm_panel(rt, cities), transaction, text


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
        Output(ids.OPS_GRID, "rowTransaction", allow_duplicate=True),
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

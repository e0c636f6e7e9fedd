"""Callbacks of the operator forms: report an incident, pick its point, change a status."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.actions import (
    ActionInvalid,
    IncidentReport,
    StatusChange,
    coordinate,
    nearest_city,
    report_confirmation,
    report_event,
    status_confirmation,
    status_event,
)
from dashboard.callbacks.recording import answer, commit, operator_source
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback, may


def sentence(text: str) -> str:
    """Return a message as a sentence: capital first letter."""
    return text[:1].upper() + text[1:]


def default_city(lat: Any, lon: Any, chosen: Any) -> Any:
    """Offer the jurisdiction nearest to the point, unless the operator chose one already.

    Only a city within the report radius is offered: a point far from every city is
    refused on submit with its distance, never silently filed under a distant city.
    """
    if isinstance(chosen, str) and chosen:
        raise PreventUpdate
    try:
        point = coordinate(lat, "latitude", 90), coordinate(lon, "longitude", 180)
    except ActionInvalid:
        raise PreventUpdate from None
    rt = runtime()
    locality = rt.reference().locality
    city = locality.primary(locality.jurisdictions_at(*point)) or nearest_city(
        *point, rt.jurisdictions(), rt.config.report_radius_km
    )
    if city is None:
        raise PreventUpdate
    return city


def report(_clicks: Any, key: Any, *fields: Any) -> tuple:
    """Record a hand-entered incident; refuse forged or invalid input visibly."""
    if not _clicks:
        raise PreventUpdate
    source = operator_source()
    rt = runtime()
    cities = rt.jurisdictions()
    city_tz = dict(zip(cities["id"], cities["tz"], strict=True))
    radius = rt.config.report_radius_km
    try:
        event = report_event(
            IncidentReport(key, *fields), source, cities, datetime.now(UTC), radius
        )
    except ActionInvalid as exc:
        return (*answer(False, sentence(str(exc)), key), no_update, no_update, no_update)
    stored = commit(rt, event)
    if not stored.ok or stored.conflict:
        ok, message = stored.ok, stored.problem or "Already reported."
        return (*answer(ok, message, key), no_update, no_update, no_update)
    city = str(event.incident.city if event.incident else "")
    message = report_confirmation(event, stored.duplicate, rt.city_names(), city_tz[city])
    return (*answer(True, message, key), "", "", "")


def status_form(incident_id: Any, shown_for: Any) -> tuple[bool, Any, Any]:
    """Show the status form to operators once an incident is selected.

    The chosen status is cleared only when the selection moves to another incident: the
    same selection announced again (a re-render, a second click) keeps what was chosen.
    """
    if not isinstance(incident_id, str) or not may(Permission.RECORD):
        return True, None, None
    if incident_id == shown_for:
        return False, no_update, no_update
    return False, None, incident_id


def change_status(_clicks: Any, key: Any, incident_id: Any, status: Any, note: Any) -> tuple:
    """Record a status change with its note; refuse forged or invalid input visibly."""
    if not _clicks:
        raise PreventUpdate
    source = operator_source()
    rt = runtime()
    incidents = rt.picture.incidents
    change = StatusChange(key, incident_id, status, note)
    try:
        event = status_event(change, source, incidents, datetime.now(UTC))
    except ActionInvalid as exc:
        return (*answer(False, sentence(str(exc)), key), no_update)
    stored = commit(rt, event)
    if not stored.ok or stored.conflict:
        return (*answer(stored.ok, stored.problem or "Already recorded.", key), no_update)
    tz = rt.city_tz(str(incidents.loc[event.incident_id, "city"]))
    return (*answer(True, status_confirmation(event, stored.duplicate, tz), key), "")


def register(app: Dash) -> None:
    """Wire the report and status forms (clientside code in assets/report.js)."""
    guarded_callback(
        app,
        Permission.RECORD,
        Output(ids.OPS_REPORT_CITY, "value"),
        Input(ids.OPS_REPORT_LAT, "value"),
        Input(ids.OPS_REPORT_LON, "value"),
        State(ids.OPS_REPORT_CITY, "value"),
        prevent_initial_call=True,
    )(default_city)
    guarded_callback(
        app,
        Permission.RECORD,
        Output(ids.OPS_REPORT_STATUS, "children"),
        Output(ids.OPS_REPORT_RESULT, "data"),
        Output(ids.OPS_REPORT_TITLE, "value"),
        Output(ids.OPS_REPORT_ADDRESS, "value"),
        Output(ids.OPS_REPORT_TIME, "value"),
        Input(ids.OPS_REPORT_SUBMIT, "n_clicks"),
        State(ids.OPS_REPORT_KEY, "data"),
        *(
            State(i, "value")
            for i in (
                ids.OPS_REPORT_KIND,
                ids.OPS_REPORT_TITLE,
                ids.OPS_REPORT_ADDRESS,
                ids.OPS_REPORT_LAT,
                ids.OPS_REPORT_LON,
                ids.OPS_REPORT_CITY,
                ids.OPS_REPORT_TIME,
            )
        ),
        prevent_initial_call=True,
    )(report)
    guarded_callback(
        app,
        Permission.READ,
        Output(ids.OPS_STATUS_FORM, "hidden"),
        Output(ids.OPS_STATUS_VALUE, "value"),
        Output(ids.OPS_STATUS_FOR, "data"),
        Input(ids.OPS_SELECTED, "data"),
        State(ids.OPS_STATUS_FOR, "data"),
        prevent_initial_call=True,
    )(status_form)
    guarded_callback(
        app,
        Permission.RECORD,
        Output(ids.OPS_STATUS_MESSAGE, "children"),
        Output(ids.OPS_STATUS_RESULT, "data"),
        Output(ids.OPS_STATUS_NOTE, "value"),
        Input(ids.OPS_STATUS_SUBMIT, "n_clicks"),
        State(ids.OPS_STATUS_KEY, "data"),
        State(ids.OPS_SELECTED, "data"),
        State(ids.OPS_STATUS_VALUE, "value"),
        State(ids.OPS_STATUS_NOTE, "value"),
        prevent_initial_call=True,
    )(change_status)
    for key, result in (
        (ids.OPS_REPORT_KEY, ids.OPS_REPORT_RESULT),
        (ids.OPS_STATUS_KEY, ids.OPS_STATUS_RESULT),
    ):
        app.clientside_callback(
            ClientsideFunction("headsup_tracking", "newKey"),
            Output(key, "data"),
            Input(result, "data"),
        )

"""An admin retracts an event from the detail timeline: choose it, give a reason, confirm."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx
from dash.exceptions import PreventUpdate
from pydantic import ValidationError
from sqlalchemy import select

from dashboard import ids
from dashboard.callbacks.recording import commit, status_line
from dashboard.domain import RETRACTION, STEP_BY_EVENT, STEP_LABELS
from dashboard.ingest.models import Event
from dashboard.runtime import runtime
from dashboard.security import Permission, guarded_callback, require
from dashboard.security.forms import csrf_ok, csrf_token
from dashboard.store import queries
from dashboard.store.schema import incidents


def choose(clicks: Any, incident_id: Any) -> tuple:
    """Open the retract form for the event whose Retract button was pressed."""
    target = ctx.triggered_id
    pressed = clicks if isinstance(clicks, list) else []
    if not isinstance(target, dict) or not any(isinstance(n, int) and n > 0 for n in pressed):
        raise PreventUpdate
    source, event_id = target.get("source"), target.get("event")
    if not isinstance(source, str) or not isinstance(event_id, str):
        raise PreventUpdate
    chosen = {"source": source, "event_id": event_id, "incident_id": incident_id}
    what = (
        f"Retract {described(incident_id, source, event_id)}? "
        "Say why; the reason stays with the event."
    )
    return False, what, chosen, csrf_token(), ""


def described(incident_id: Any, source: str, event_id: str) -> str:
    """Name an event as the timeline shows it: step or type, agency, time, source."""
    rt = runtime()
    if not isinstance(incident_id, str):
        return f"{event_id} from {source}"
    with rt.store.engine.connect() as conn:
        timeline = queries.incident_events(conn, incident_id)
        city = conn.execute(
            select(incidents.c.city).where(incidents.c.id == incident_id)
        ).scalar_one_or_none()
    found = timeline[(timeline["source"] == source) & (timeline["event_id"] == event_id)]
    if found.empty:
        return f"{event_id} from {source}"
    event = found.iloc[0]
    step = STEP_BY_EVENT.get(str(event["type"]))
    what = STEP_LABELS[step] if step else str(event["type"])
    agency = event["agency_id"]
    if isinstance(agency, str) and agency:
        what += f" · {rt.reference().agency_names.get(agency, agency)}"
    when = pd.Timestamp(event["occurred_at"]).tz_convert(ZoneInfo(rt.city_tz(str(city or ""))))
    return f"“{what}, {when:%H:%M %Z}” from {source}"


def retract(submitted: Any, target: Any, csrf: Any, reason: Any) -> Any:
    """Record the admin's retraction of the chosen event; refuse a forged or stale form."""
    if not submitted:
        raise PreventUpdate
    admin = require(Permission.ADMIN)
    if not csrf_ok(csrf if isinstance(csrf, str) else None):
        return status_line(False, "The form expired; reload the page and try again.")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        return status_line(False, "Say why the event is retracted.")
    event = _retraction(admin.name, target, reason)
    if event is None:
        return status_line(False, "That event cannot be retracted; reload the page.")
    stored = commit(runtime(), event)
    if not stored.ok:
        return status_line(False, stored.problem)
    source, event_id = event.retracts or ("", "")
    return status_line(True, f"Retracted {event_id} from {source}.")


def _retraction(admin: str, target: Any, reason: str) -> Event | None:
    """Return the retraction event of a chosen target, or None when the target is forged."""
    if not isinstance(target, dict) or not isinstance(target.get("incident_id"), str):
        return None
    try:
        return Event(
            source=f"admin:{admin}",
            event_id=f"ui-retract-{uuid.uuid4().hex}",
            type=RETRACTION,
            occurred_at=datetime.now(UTC),
            incident_id=target["incident_id"],
            data={
                "retracts": {"source": target.get("source"), "event_id": target.get("event_id")},
                "reason": reason,
            },
        )
    except ValidationError:
        return None


def register(app: Dash) -> None:
    """Wire the Retract buttons and the confirmed retraction (admins only)."""
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.OPS_RETRACT_FORM, "hidden"),
        Output(ids.OPS_RETRACT_WHAT, "children"),
        Output(ids.OPS_RETRACT_TARGET, "data"),
        Output(ids.OPS_RETRACT_CSRF, "data"),
        Output(ids.OPS_RETRACT_REASON, "value"),
        Input({"type": ids.OPS_RETRACT, "source": ALL, "event": ALL}, "n_clicks"),
        State(ids.OPS_SELECTED, "data"),
        prevent_initial_call=True,
    )(choose)
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.OPS_RETRACT_STATUS, "children"),
        Input(ids.OPS_RETRACT_CONFIRM, "submit_n_clicks"),
        State(ids.OPS_RETRACT_TARGET, "data"),
        State(ids.OPS_RETRACT_CSRF, "data"),
        State(ids.OPS_RETRACT_REASON, "value"),
        prevent_initial_call=True,
    )(retract)

"""Admin actions on kiosk links for wall displays: create one (shown once), revoke one."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx
from flask import request

from dashboard import ids
from dashboard.callbacks.admin_common import (
    AdminRefused,
    SecretPanel,
    pressed,
    secret_action,
    text,
    who,
)
from dashboard.commands.kiosk import wall_link
from dashboard.read.admin_view import kiosks_frame
from dashboard.runtime import runtime
from dashboard.security import guarded_callback
from dashboard.security.accounts import AccountError
from dashboard.security.kiosks import create_kiosk, revoke_kiosk
from dashboard.security.roles import Permission

ACTIONS = {ids.ADMIN_KIOSK_CREATE: "kiosk.create", ids.ADMIN_KIOSK_REVOKE: "kiosk.revoke"}


def rotation(value: Any) -> int | None:
    """Return the rotation in whole seconds, or None (blank) for all cities at once."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    raw = value.strip() if isinstance(value, str) else value
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 6:
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise AdminRefused(f"the rotation must be a whole number of seconds, not {str(raw)[:20]!r}")


def cities(value: Any) -> list[str]:
    """Return the chosen city ids (none: all cities)."""
    chosen = value or []
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise AdminRefused("the cities must be chosen from the list")
    return chosen


def create(name: Any, chosen: Any, rotate: Any, _picked: Any) -> tuple[str, str]:
    """Create a kiosk link; return what to say and the link, shown once."""
    kiosk = text(name, "the name")
    if not kiosk:
        raise AdminRefused("name the kiosk (where the screen is)")
    rt = runtime()
    token = create_kiosk(rt.store.engine, kiosk, cities(chosen), *who(), rotate_s=rotation(rotate))
    return f"Kiosk link {kiosk} created.", wall_link(rt.config, token, request.host_url)


def revoke(_name: Any, _chosen: Any, _rotate: Any, picked: Any) -> tuple[str, str]:
    """Revoke the chosen kiosk link."""
    kiosk = text(picked, "the kiosk")
    if not kiosk:
        raise AdminRefused("choose a kiosk link first")
    revoke_kiosk(runtime().store.engine, kiosk, *who())
    return f"Kiosk link {kiosk} revoked; its walls go dark at their next tick.", ""


DO = {ids.ADMIN_KIOSK_CREATE: create, ids.ADMIN_KIOSK_REVOKE: revoke}


PANEL = SecretPanel(
    ACTIONS,
    DO,
    (AccountError,),
    ids.ADMIN_KIOSK_SECRET,
    "Wall link: open it on the wall's browser",
    lambda: kiosks_frame(runtime().store.engine, dict(runtime().reference().city_names)),
)


def kiosk_action(create_clicks: Any, revoke_clicks: Any, csrf: Any, *fields: Any) -> tuple:
    """Do the clicked kiosk action; refuse a forged or invalid one in the status line."""
    clicks = {ids.ADMIN_KIOSK_CREATE: create_clicks, ids.ADMIN_KIOSK_REVOKE: revoke_clicks}
    return secret_action(PANEL, pressed(ctx.triggered_id, clicks), csrf, fields)


def register(app: Dash) -> None:
    """Wire the kiosk panel: one callback for create and revoke."""
    guarded_callback(
        app,
        Permission.ADMIN,
        Output(ids.ADMIN_KIOSK_MESSAGE, "children"),
        Output(ids.ADMIN_KIOSK_SECRET, "children"),
        Output(ids.ADMIN_KIOSKS, "children"),
        Output(ids.ADMIN_KIOSK_PICK, "options"),
        Output(ids.ADMIN_KIOSK_NAME, "value"),
        Output(ids.ADMIN_KIOSK_ROTATE, "value"),
        Input(ids.ADMIN_KIOSK_CREATE, "n_clicks"),
        Input(ids.ADMIN_KIOSK_REVOKE, "n_clicks"),
        State(ids.ADMIN_CSRF, "data"),
        State(ids.ADMIN_KIOSK_NAME, "value"),
        State(ids.ADMIN_KIOSK_CITIES, "value"),
        State(ids.ADMIN_KIOSK_ROTATE, "value"),
        State(ids.ADMIN_KIOSK_PICK, "value"),
        prevent_initial_call=True,
    )(kiosk_action)

"""What the admin page lists: users, kiosk links, API tokens, jurisdictions and agencies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from dashboard.read.reference import Reference
from dashboard.runtime import Runtime
from dashboard.security.accounts import list_users
from dashboard.security.audit import creators, last_sign_ins, recent
from dashboard.security.forms import csrf_token
from dashboard.security.kiosks import list_kiosks
from dashboard.store.tokens import list_tokens

USER_SHOWN = ["Name", "Role", "State", "Last sign-in", "Created"]
KIOSK_SHOWN = ["Name", "Cities", "Rotation", "Created by", "Created", "State"]
TOKEN_SHOWN = ["Name", "May write (sources)", "Admin", "Created by", "Created", "State"]
JURISDICTION_SHOWN = ["Id", "Name", "Kind", "Time zone", "Boundary", "Local agencies"]
AGENCY_SHOWN = ["Id", "Name", "Kind", "Local to"]


@dataclass(frozen=True)
class AdminData:
    """What the admin page lists, read once per page load."""

    users: pd.DataFrame
    kiosks: pd.DataFrame
    tokens: pd.DataFrame
    jurisdictions: pd.DataFrame
    agencies: pd.DataFrame
    audit: pd.DataFrame
    city_options: list[dict[str, str]]
    active_kiosks: list[str]
    active_tokens: list[str]
    csrf: str


def admin_data(rt: Runtime) -> AdminData:
    """Read everything the admin page lists."""
    engine, ref = rt.store.engine, rt.reference()
    kiosks, tokens = kiosks_frame(engine, dict(ref.city_names)), tokens_frame(engine)
    return AdminData(
        users=users_frame(engine),
        kiosks=kiosks,
        tokens=tokens,
        jurisdictions=jurisdictions_frame(ref),
        agencies=agencies_frame(ref),
        audit=recent(engine),
        city_options=city_options(ref),
        active_kiosks=active_names(kiosks),
        active_tokens=active_names(tokens),
        csrf=csrf_token(),
    )


def city_options(ref: Reference) -> list[dict[str, str]]:
    """Return the jurisdictions as dropdown options, by name."""
    return [{"label": j.name, "value": j.id} for j in ref.jurisdictions.itertuples()]


def when(value: Any) -> str:
    """Format a time to the minute in UTC; blank when unknown."""
    if value is None or (not isinstance(value, datetime) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%d %H:%M UTC")


def users_frame(engine: Engine) -> pd.DataFrame:
    """Return every user with their state and latest sign-in."""
    users = list_users(engine)
    signed_in = last_sign_ins(engine)
    rows = [
        [u.name, u.role, _state(u.disabled), _last(signed_in, u.name), when(u.created_at)]
        for u in users.itertuples()
    ]
    frame = pd.DataFrame(rows, columns=USER_SHOWN)
    return frame.sort_values("State", key=lambda s: s != "active", kind="stable")


def kiosks_frame(engine: Engine, city_names: dict[str, str]) -> pd.DataFrame:
    """Return every kiosk link (never its token), active ones first."""
    rows = []
    for k in list_kiosks(engine).itertuples():
        cities = [city_names.get(c, c) for c in json.loads(k.cities)]
        rotation = f"every {int(k.rotate_s)} s" if pd.notna(k.rotate_s) else "all at once"
        state = f"revoked {when(k.revoked_at)}" if k.revoked_at is not None else "active"
        rows.append(
            [k.name, ", ".join(cities) or "all", rotation, k.created_by, when(k.created_at), state]
        )
    frame = pd.DataFrame(rows, columns=KIOSK_SHOWN)
    return frame.sort_values("State", key=lambda s: s != "active", kind="stable")


def tokens_frame(engine: Engine) -> pd.DataFrame:
    """Return every API token (never its secret), active ones first."""
    made_by = creators(engine, "api-token.create")
    rows = [
        [
            t.name,
            ", ".join(sorted(t.sources)) or "none",
            "yes" if t.admin else "",
            made_by.get(t.name, ""),
            when(t.created_at),
            f"revoked {when(t.revoked_at)}" if t.revoked_at else "active",
        ]
        for t in list_tokens(engine)
    ]
    frame = pd.DataFrame(rows, columns=TOKEN_SHOWN)
    return frame.sort_values("State", key=lambda s: s != "active", kind="stable")


def active_names(frame: pd.DataFrame) -> list[str]:
    """Return the names of a kiosk or token frame's active rows (what may be revoked)."""
    return [str(n) for n in frame.loc[frame["State"] == "active", "Name"]]


def jurisdictions_frame(ref: Reference) -> pd.DataFrame:
    """Return every jurisdiction with the agencies local to it."""
    local = ref.members_by_city
    rows = [
        [j.id, j.name, j.kind, j.tz, _boundary(j), _names(local.get(j.id, ()), ref.agency_names)]
        for j in ref.jurisdictions.itertuples()
    ]
    return pd.DataFrame(rows, columns=JURISDICTION_SHOWN)


def agencies_frame(ref: Reference) -> pd.DataFrame:
    """Return every agency with the jurisdictions it is local to."""
    local_to: dict[str, list[str]] = {}
    for city, agencies in ref.members_by_city.items():
        for agency in agencies:
            local_to.setdefault(agency, []).append(city)
    rows = [
        [a.id, a.name, a.kind, _names(local_to.get(a.id, ()), ref.city_names) or "nowhere"]
        for a in ref.agencies.sort_values("id").itertuples()
    ]
    return pd.DataFrame(rows, columns=AGENCY_SHOWN)


def _boundary(row: Any) -> str:
    if not row.boundary:
        return "label point only"
    return "circle (approximate)" if row.boundary_approx else "outline"


def _last(signed_in: dict[str, datetime], name: str) -> str:
    return when(signed_in.get(name)) or "never"


def _state(disabled: Any) -> str:
    return "disabled" if disabled else "active"


def _names(keys: Any, names: Any) -> str:
    return ", ".join(sorted(str(names.get(k, k)) for k in keys))

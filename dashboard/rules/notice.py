"""Notice: was each local agency told in advance of an operation or staging site, late, or not?

An agency is *told in advance* when its earliest notification is at or before the
incident's start less the city's minimum lead (default 0), *late* when it came after
that, and *not told* when nobody claims to have told it. An incident is told in advance
when at least one of its local agencies was; else late when one was told at all; else
not told. Notice is *due* for operations and staging sites only: protests are not
announced, so their notice is shown muted and never alarms.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pandas as pd

from dashboard.domain import NOTICE_DUE_KINDS, OPEN_STATUSES, format_duration, require_aware

ADVANCE, LATE, NOT_TOLD = "advance", "late", "not_told"
NOTICE_STATES = (ADVANCE, LATE, NOT_TOLD)
NOTICE_LABELS = {ADVANCE: "told in advance", LATE: "told late", NOT_TOLD: "not told"}
# `open` and `deadline` let `alarm_at` move the alarm with the clock alone, no recompute.
NOTICE_COLUMNS = [
    "notice", "due", "alarm", "best_lead_s", "min_lead_s", "late", "not_told", "open", "deadline"
]  # fmt: skip


def min_lead_s(
    cities: pd.Series, by_city: Mapping[str, timedelta], default: timedelta
) -> pd.Series:
    """Return, per row, the minimum lead in seconds of the row's city."""
    seconds = {city: lead.total_seconds() for city, lead in by_city.items()}
    return cities.map(seconds).fillna(default.total_seconds()).astype(float)


def track_notice(tracks: pd.DataFrame, lead_needed_s: pd.Series) -> pd.Series:
    """Name, per track, its notice: advance, late or not_told.

    A notification with no known incident start counts as in advance: nothing had begun.
    """
    notified = tracks["notified_at"].notna()
    lead = pd.to_numeric(tracks["lead_time_s"], errors="coerce")
    in_time = lead.isna() | (lead >= lead_needed_s)
    state = pd.Series(NOT_TOLD, index=tracks.index, dtype=object)
    return state.mask(notified & in_time, ADVANCE).mask(notified & ~in_time, LATE)


def incident_notice(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    now: datetime,
    by_city: Mapping[str, timedelta] | None = None,
    default_lead: timedelta = timedelta(0),
) -> pd.DataFrame:
    """Return, per incident id, its notice state, whether it is due and whether it alarms.

    `late` lists (agency, seconds after the deadline) and `not_told` the local agencies
    nobody told; `min_lead_s` is the lead the incident's city asks for. An open
    operation or staging site alarms once its deadline (start less the minimum lead)
    has passed without any local agency told in advance.
    """
    now_ts = pd.Timestamp(require_aware(now, "now"))
    by_city = by_city or {}
    index = pd.Index(incidents["id"], name="id")
    if incidents.empty:
        return pd.DataFrame(columns=NOTICE_COLUMNS, index=index)
    city_of = incidents.set_index("id")["city"]
    local = tracks[tracks["local"].astype(bool) & tracks["incident_id"].isin(index)]
    needed = min_lead_s(local["incident_id"].map(city_of), by_city, default_lead)
    state = track_notice(local, needed)
    late_by_s = (needed - pd.to_numeric(local["lead_time_s"], errors="coerce")).astype(float)
    # The best state of any local agency: advance beats late beats not told.
    rank = state.map(_RANK).groupby(local["incident_id"]).min()
    notice = rank.reindex(index).map(dict(enumerate(NOTICE_STATES))).fillna(NOT_TOLD)
    late = _per_incident(local, state == LATE, late_by_s)
    untold = _per_incident(local, state == NOT_TOLD, None)
    best = pd.to_numeric(local["lead_time_s"], errors="coerce").groupby(local["incident_id"]).max()
    frame = incidents.set_index("id")
    ids = index.tolist()  # iterating a string Index item by item is slow
    due = frame["kind"].isin(NOTICE_DUE_KINDS)
    starts = pd.to_datetime(frame["started_at"], utc=True)
    needed_s = min_lead_s(frame["city"], by_city, default_lead)
    deadline = starts - pd.to_timedelta(needed_s, unit="s")
    found = pd.DataFrame(
        {
            "notice": notice,
            "due": due,
            "alarm": False,
            "best_lead_s": best.reindex(index),
            "min_lead_s": needed_s,
            "late": [late.get(i, []) for i in ids],
            "not_told": [untold.get(i, []) for i in ids],
            "open": frame["status"].isin(OPEN_STATUSES),
            "deadline": deadline,
        },
        index=index,
    )[NOTICE_COLUMNS]
    return found.assign(alarm=alarm_at(found, now_ts))


def alarm_at(notice: pd.DataFrame, now: pd.Timestamp) -> pd.Series:
    """Tell, per incident, whether its notice alarms at `now`: due, open, deadline passed."""
    passed = notice["deadline"].isna() | (notice["deadline"] <= now)
    return (notice["due"] & notice["open"] & passed & (notice["notice"] != ADVANCE)).astype(bool)


_RANK = {state: rank for rank, state in enumerate(NOTICE_STATES)}


def _per_incident(local: pd.DataFrame, where: pd.Series, values: pd.Series | None) -> dict:
    """Collect, per incident, the agencies where `where` holds (with their value, if any).

    One pass in Python over the matching rows: a groupby with a Python function per
    group costs seconds at 10k incidents.
    """
    rows = local[where.to_numpy()]
    found: dict[str, list] = {}
    agencies = rows["agency_id"].tolist()
    extra = values[where.to_numpy()].tolist() if values is not None else None
    for n, incident_id in enumerate(rows["incident_id"].tolist()):
        item = (agencies[n], extra[n]) if extra is not None else agencies[n]
        found.setdefault(incident_id, []).append(item)
    return found


def describe_notice(notice: Mapping, names: Mapping[str, str]) -> str:
    """Say who was told late, by how much, and who was not told, by agency name.

    For example "LAPD told 25 min after start; Mayor's Office not told".
    """
    if notice["notice"] == ADVANCE:
        lead = notice["best_lead_s"]
        return "" if pd.isna(lead) else f"{format_duration(timedelta(seconds=lead))} ahead"
    needed = float(notice["min_lead_s"])
    parts = [_late(names.get(a, a), needed - late_s, needed) for a, late_s in notice["late"]]
    untold = [names.get(a, a) for a in notice["not_told"]]
    if untold:
        parts.append(f"{', '.join(untold)} not told")
    return "; ".join(parts) or "no local agency known"


def _late(name: str, lead_s: float, needed_s: float) -> str:
    if lead_s < 0:
        return f"{name} told {format_duration(timedelta(seconds=-lead_s))} after start"
    ahead = format_duration(timedelta(seconds=lead_s)) + " ahead" if lead_s else "at the start"
    return f"{name} told {ahead}, {format_duration(timedelta(seconds=needed_s))} needed"

"""Alarms: what needs someone's attention now, as pure functions of the picture and the clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

from dashboard.domain import (
    ACK_STEPS,
    FINISH_STEPS,
    OPEN_STATUSES,
    REQUEST,
    format_duration,
    require_aware,
)
from dashboard.rules.notice import describe_notice, incident_notice

ALARM_COLUMNS = ["kind", "incident_id", "agency_id", "source", "since", "message"]
OPERATOR_PREFIX = "operator:"
NOT_TOLD_PREFIX = "not told in advance"


@dataclass(frozen=True)
class AlarmRules:
    """The configurable thresholds of the alarms."""

    ack_within: timedelta = timedelta(minutes=10)
    on_scene_within: timedelta = timedelta(minutes=30)
    source_silent_after: timedelta = timedelta(minutes=30)
    min_lead: timedelta = timedelta(0)
    city_min_lead: Mapping[str, timedelta] = field(default_factory=dict)


def find_alarms(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    sources: pd.DataFrame,
    now: datetime,
    rules: AlarmRules = AlarmRules(),
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return every alarm, one row each, most urgent kinds first; agencies by `names`."""
    now_ts = pd.Timestamp(require_aware(now, "now"))
    notice = incident_notice(incidents, tracks, now, rules.city_min_lead, rules.min_lead)
    found = [
        *not_told(incidents, notice, names or {}),
        *late_responses(incidents, tracks, now_ts, rules),
        *silent_sources(sources, now_ts, rules.source_silent_after),
    ]
    return pd.DataFrame(found, columns=ALARM_COLUMNS)


def not_told(incidents: pd.DataFrame, notice: pd.DataFrame, names: Mapping[str, str]) -> list[dict]:
    """An open operation or staging site, past its deadline, no local agency told in advance.

    The message names each local agency not told and the late ones with how late.
    """
    alarmed = notice[notice["alarm"].astype(bool)]
    starts = incidents.set_index("id")["started_at"].reindex(alarmed.index).tolist()
    rows = alarmed.to_dict("records")
    return [
        _alarm(
            "not_told",
            str(i),
            None,
            None,
            start,
            f"{NOT_TOLD_PREFIX}: {describe_notice(row, names)}",
        )
        for i, start, row in zip(alarmed.index, starts, rows, strict=True)
    ]


def late_responses(
    incidents: pd.DataFrame, tracks: pd.DataFrame, now: pd.Timestamp, rules: AlarmRules
) -> list[dict]:
    """A request not acknowledged within N minutes, or not met on scene within M minutes."""
    open_ids = set(incidents.loc[incidents["status"].isin(OPEN_STATUSES), "id"])
    asked = tracks[tracks["incident_id"].isin(open_ids) & tracks[f"{REQUEST}_at"].notna()]
    found = []
    for t in asked.to_dict("records"):
        requested = t[f"{REQUEST}_at"]
        waited = now - requested
        acked = any(pd.notna(t[f"{s}_at"]) for s in ACK_STEPS)
        done = any(pd.notna(t[f"{s}_at"]) for s in FINISH_STEPS)
        if not acked and waited > rules.ack_within:
            message = f"request not acknowledged for {format_duration(waited)}"
            found.append(
                _alarm("unacknowledged", t["incident_id"], t["agency_id"], None, requested, message)
            )
        elif not done and waited > rules.on_scene_within:
            message = f"not on scene {format_duration(waited)} after the request"
            found.append(
                _alarm("not_on_scene", t["incident_id"], t["agency_id"], None, requested, message)
            )
    return found


def silent_sources(sources: pd.DataFrame, now: pd.Timestamp, after: timedelta) -> list[dict]:
    """A feeding system whose newest event arrived longer ago than the threshold.

    Operators act when there is something to do, so their silence is no alarm.
    """
    feeds = sources[~sources["source"].str.startswith(OPERATOR_PREFIX)]
    quiet = feeds[now - feeds["newest_received_at"] > after]
    return [
        _alarm(
            "source_silent",
            None,
            None,
            r.source,
            r.newest_received_at,
            f"{r.source} silent for {format_duration(now - r.newest_received_at)}",
        )
        for r in quiet.itertuples()
    ]


def _alarm(
    kind: str,
    incident_id: str | None,
    agency_id: str | None,
    source: str | None,
    since: datetime | None,
    message: str,
) -> dict:
    return {
        "kind": kind,
        "incident_id": incident_id,
        "agency_id": agency_id,
        "source": source,
        "since": since,
        "message": message,
    }


def alarms_by_incident(
    alarms: pd.DataFrame, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return, per incident, its alarm messages joined for the list's alarm column."""
    names = names or {}
    per = alarms.dropna(subset=["incident_id"])
    text = per.assign(
        line=[
            f"{names.get(a, a)}: {m}" if isinstance(a, str) else m
            for a, m in zip(per["agency_id"], per["message"], strict=True)
        ]
    )
    return text.groupby("incident_id")["line"].agg("; ".join).to_dict()


# The wall's order: an operation local agencies were not told of (or told after it began)
# first, then requests nobody acknowledged, then the rest.
SEVERITY = {"not_told": 0, "unacknowledged": 1, "not_on_scene": 2, "source_silent": 3}


def by_severity(alarms: pd.DataFrame) -> pd.DataFrame:
    """Return the alarms most severe kind first, and within a kind the longest-standing first."""
    rank = alarms["kind"].map(SEVERITY).fillna(len(SEVERITY))
    since = pd.to_datetime(alarms["since"], utc=True)
    ordered = alarms.assign(_rank=rank, _since=since).sort_values(
        ["_rank", "_since"], na_position="last", kind="stable"
    )
    return ordered.drop(columns=["_rank", "_since"])

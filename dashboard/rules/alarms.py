"""Alarms: what needs someone's attention now, as pure functions of the picture and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from dashboard.domain import format_duration, require_aware

ALARM_COLUMNS = ["kind", "incident_id", "agency_id", "source", "since", "message"]
OPEN = ("planned", "active", "contained")
# Any later step shows the request was received, even without an explicit acknowledgment.
ACK_STEPS = ("acknowledged", "dispatched", "en_route", "on_scene", "cleared", "declined")
DONE_STEPS = ("on_scene", "cleared", "declined")
OPERATOR_PREFIX = "operator:"


@dataclass(frozen=True)
class AlarmRules:
    """The configurable thresholds of the alarms."""

    ack_within: timedelta = timedelta(minutes=10)
    on_scene_within: timedelta = timedelta(minutes=30)
    source_silent_after: timedelta = timedelta(minutes=30)


def find_alarms(
    incidents: pd.DataFrame,
    tracks: pd.DataFrame,
    sources: pd.DataFrame,
    now: datetime,
    rules: AlarmRules = AlarmRules(),
) -> pd.DataFrame:
    """Return every alarm, one row each, most urgent kinds first."""
    now_ts = pd.Timestamp(require_aware(now, "now"))
    found = [
        *blind_operations(incidents, tracks),
        *late_responses(incidents, tracks, now_ts, rules),
        *silent_sources(sources, now_ts, rules.source_silent_after),
    ]
    return pd.DataFrame(found, columns=ALARM_COLUMNS)


def blind_operations(incidents: pd.DataFrame, tracks: pd.DataFrame) -> list[dict]:
    """An active operation that no agency of its city was notified of."""
    active = incidents[(incidents["kind"] == "operation") & (incidents["status"] == "active")]
    told = tracks[tracks["local"].astype(bool) & tracks["notified_at"].notna()]
    told_ids = set(told["incident_id"])
    return [
        _alarm("unnotified", r.id, None, None, r.started_at, "no local agency notified")
        for r in active.itertuples()
        if r.id not in told_ids
    ]


def late_responses(
    incidents: pd.DataFrame, tracks: pd.DataFrame, now: pd.Timestamp, rules: AlarmRules
) -> list[dict]:
    """A request not acknowledged within N minutes, or not met on scene within M minutes."""
    open_ids = set(incidents.loc[incidents["status"].isin(OPEN), "id"])
    asked = tracks[tracks["incident_id"].isin(open_ids) & tracks["assistance_requested_at"].notna()]
    found = []
    for t in asked.itertuples():
        waited = now - t.assistance_requested_at
        acked = any(pd.notna(getattr(t, f"{s}_at")) for s in ACK_STEPS)
        done = any(pd.notna(getattr(t, f"{s}_at")) for s in DONE_STEPS)
        if not acked and waited > rules.ack_within:
            message = f"request not acknowledged for {format_duration(waited)}"
            found.append(
                _alarm(
                    "unacknowledged",
                    t.incident_id,
                    t.agency_id,
                    None,
                    t.assistance_requested_at,
                    message,
                )
            )
        elif not done and waited > rules.on_scene_within:
            message = f"not on scene {format_duration(waited)} after the request"
            found.append(
                _alarm(
                    "not_on_scene",
                    t.incident_id,
                    t.agency_id,
                    None,
                    t.assistance_requested_at,
                    message,
                )
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


def alarms_by_incident(alarms: pd.DataFrame) -> dict[str, str]:
    """Return, per incident, its alarm messages joined for the list's alarm column."""
    per = alarms.dropna(subset=["incident_id"])
    text = per.assign(
        line=[
            f"{a}: {m}" if isinstance(a, str) else m
            for a, m in zip(per["agency_id"], per["message"], strict=True)
        ]
    )
    return text.groupby("incident_id")["line"].agg("; ".join).to_dict()

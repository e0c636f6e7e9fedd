"""What an after-action report of one incident rests on, read from the whole log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from dashboard.read.picture import history_frames
from dashboard.read.report_locality import LocalThen, local_then
from dashboard.read.tracking import alarm_rules, notice_of, tolerance
from dashboard.rules.digest import report_digest
from dashboard.rules.tracks import notification_tracks
from dashboard.runtime import Runtime
from dashboard.store import queries


@dataclass(frozen=True)
class ReportData:
    """One incident with its claims, tracks, notice, every event and the digest over them."""

    incident: pd.Series
    claims: pd.DataFrame
    tracks: pd.DataFrame
    notice: dict[str, Any]
    events: pd.DataFrame
    digest: str
    agency_names: dict[str, str]
    tz: str
    city_name: str
    generated_at: datetime
    local: LocalThen


def report_data(rt: Runtime, incident_id: str, now: datetime | None = None) -> ReportData | None:
    """Return the report's material, or None when there is no such incident.

    From SQL, not the live picture: a report is usually asked for after the incident
    has left the live window.
    """
    incidents, claims = history_frames(rt.store, incident_id)
    if incident_id not in incidents.index:
        return None
    with rt.store.engine.connect() as conn:
        events = queries.incident_events(conn, incident_id)
    ref = rt.reference()
    one = incidents.loc[[incident_id]]
    # Judged by the agencies local when it happened, as the parties knew them then.
    local, then_ref = local_then(rt, one)
    places = then_ref.locality.places_of(one)
    tracks = notification_tracks(claims, one, then_ref.members, tolerance(rt.config), places)
    now = now or datetime.now(UTC)
    notice = notice_of(rt, one.reset_index(drop=True), tracks, now).iloc[0].to_dict()
    city = str(one.iloc[0]["city"])
    return ReportData(
        incident=one.iloc[0],
        claims=claims,
        tracks=tracks,
        notice=notice,
        events=events,
        digest=report_digest(events),
        # Today's names, and the names then of agencies gone since.
        agency_names=dict(then_ref.agency_names) | dict(ref.agency_names),
        tz=ref.city_tz.get(city, "UTC"),
        city_name=ref.city_names.get(city, city),
        generated_at=now,
        local=local,
    )


def on_scene_alarm(rt: Runtime) -> Any:
    """Return how long a response may take before the matrix shows it as late."""
    return alarm_rules(rt.config).on_scene_within

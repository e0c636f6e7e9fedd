"""The wall's read model: its incidents, alarms, ticker and open requests, per city set.

Everything comes from the picture and the shared memo: the alarms per alarm bucket, the
ticker per seq, so a tick with nothing new runs no SQL.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard.domain import ACK_STEPS, FINISH_STEPS, OPEN_STATUSES, REQUEST
from dashboard.read.tracking import current_alarms, current_notice, current_tracks
from dashboard.read.view_snapshot import snapshot
from dashboard.rules.alarms import by_severity
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import Runtime
from dashboard.store import queries

TICKER_SIZE = 10
# The ticker looks this far back in the log for events of the wall's cities.
TICKER_SCAN = 500


def wall_view(cities: list[str] | None) -> ViewFilter:
    """Return the view filter of a wall showing these cities (all when None)."""
    return ViewFilter(cities=tuple(cities or ()))


def wall_incidents(rt: Runtime, cities: list[str] | None, now: datetime) -> pd.DataFrame:
    """Return the live incidents of the cities, with alarm text and notice alarm."""
    return snapshot(rt, wall_view(cities), now).visible


def wall_alarms(rt: Runtime, cities: list[str] | None, now: datetime) -> pd.DataFrame:
    """Return the open alarms of the cities (silent feeds everywhere), most severe first."""
    alarms = current_alarms(rt, now)
    city_of = rt.picture.incidents["city"]
    alarms = alarms.assign(
        city=[city_of.get(i) if isinstance(i, str) else None for i in alarms["incident_id"]]
    )
    if cities:
        alarms = alarms[alarms["city"].isin(cities) | alarms["incident_id"].isna()]
    return by_severity(alarms.assign(since=pd.to_datetime(alarms["since"], utc=True)))


def alarmed_cities(alarms: pd.DataFrame) -> set[str]:
    """Return the cities with an alarm about one of their incidents."""
    return {c for c in alarms["city"] if isinstance(c, str)}


def ticker_events(rt: Runtime, cities: list[str] | None) -> pd.DataFrame:
    """Return the latest events about the cities' incidents, newest first; kept per seq."""
    seq = rt.picture.seq

    def compute() -> pd.DataFrame:
        with rt.store.engine.connect() as conn:
            events = queries.events_after(conn, max(0, seq - TICKER_SCAN), TICKER_SCAN)
        city_of = rt.picture.incidents["city"]
        events = events.assign(city=[city_of.get(i) for i in events["incident_id"]])
        if cities:
            events = events[events["city"].isin(cities)]
        return events.sort_values("seq", ascending=False).head(TICKER_SIZE)

    return rt.memo.get(f"wall-ticker:{','.join(cities or [])}", seq, compute)


def open_requests(rt: Runtime, incidents: pd.DataFrame) -> pd.DataFrame:
    """Return the requests for assistance nobody has answered yet, oldest first."""
    tracks = current_tracks(rt)
    open_ids = set(incidents.loc[incidents["status"].isin(OPEN_STATUSES), "id"])
    asked = tracks[tracks["incident_id"].isin(open_ids) & tracks[f"{REQUEST}_at"].notna()]
    answered = pd.Series(False, index=asked.index)
    for step in (*ACK_STEPS, *FINISH_STEPS):
        answered |= asked[f"{step}_at"].notna()
    return asked[~answered].sort_values(f"{REQUEST}_at")


def agency_board(
    rt: Runtime, incidents: pd.DataFrame, alarms: pd.DataFrame, now: datetime
) -> pd.DataFrame:
    """Return one row per local agency with incidents in view: its latest step and lateness.

    An agency is late when an alarm names it, or an alarmed operation or staging site in
    view has it among those told late or not told (the notice rule's own lists).
    """
    tracks = current_tracks(rt)
    mine = tracks[tracks["incident_id"].isin(set(incidents["id"])) & tracks["local"].astype(bool)]
    if mine.empty:
        return pd.DataFrame(columns=["agency_id", "stage", "stage_at", "incidents", "late"])
    # Time in step: since the current step's first claim ("not notified" has none).
    stage_at = [
        row.get(f"{stage}_at") if f"{stage}_at" in mine.columns else pd.NaT
        for stage, row in zip(mine["stage"], mine.to_dict("records"), strict=True)
    ]
    board = mine.assign(stage_at=pd.to_datetime(stage_at, utc=True))
    board = board.sort_values("stage_at", na_position="first")
    latest = board.groupby("agency_id").tail(1).set_index("agency_id")
    late = {a for a in alarms["agency_id"] if isinstance(a, str)}
    notice = current_notice(rt, now).reindex(incidents["id"]).dropna(subset=["notice"])
    # Only a notice that alarms makes its agencies late: a planned operation whose
    # deadline is still ahead, or a closed one, lists agencies not told yet but is no alarm.
    for row in notice[notice["alarm"].astype(bool)].to_dict("records"):
        late |= {str(a) for a, _s in row["late"]} | {str(a) for a in row["not_told"]}
    return pd.DataFrame(
        {
            "agency_id": latest.index.to_numpy(),
            "stage": latest["stage"].to_numpy(),
            "stage_at": latest["stage_at"].to_numpy(),
            "incidents": mine.groupby("agency_id")["incident_id"]
            .nunique()
            .reindex(latest.index)
            .to_numpy(),
            "late": [a in late for a in latest.index],
        }
    ).sort_values(["late", "agency_id"], ascending=[False, True])


def alarm_notices(rt: Runtime, alarms: pd.DataFrame, now: datetime) -> dict[str, dict]:
    """Return the notice (who was told late, who not told) of each not-told alarm's incident."""
    wanted = [
        i for i in alarms.loc[alarms["kind"] == "not_told", "incident_id"] if isinstance(i, str)
    ]
    notice = current_notice(rt, now).reindex(wanted).dropna(subset=["notice"])
    return {str(i): row for i, row in zip(notice.index, notice.to_dict("records"), strict=True)}

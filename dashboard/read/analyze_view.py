"""The analyst view's read model: which incidents and agency tracks a state shows.

Three sources, one shape (the live picture's frames): the in-memory picture when the
window lies within the live window (a filter change then costs pandas over memory, no
SQL), indexed SQL for older windows, and the history reconstruction at a playback time.
The result is kept per state and seq, so the grid's block requests and the exports read
what the last filter change computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from dashboard.read.history import picture_at
from dashboard.read.tracking import current_notice, current_tracks, notice_of, tolerance
from dashboard.rules.analyze_url import AnalyzeState
from dashboard.rules.summary import kpi_counts
from dashboard.rules.tracks import notification_tracks, notified_agencies
from dashboard.runtime import Runtime
from dashboard.store import queries

# A relative window ("the last 6 h") moves with the clock: recomputed at most this often.
WINDOW_BUCKET_S = 10
INCIDENT_FIELDS = ["title", "kind", "status", "city", "reported_at"]


@dataclass(frozen=True)
class AnalystView:
    """What one state shows: map points, selected incidents, table rows, counts."""

    incidents: pd.DataFrame  # every incident the filters keep: the map's points
    selected: pd.DataFrame  # those within the lasso or box selection (all when none)
    rows: pd.DataFrame  # one per incident and agency track of the selected incidents
    counts: dict[str, int]
    now: datetime  # the moment shown: now, or the playback time
    source: str  # "live", "history" or "playback"


def analyst_view(rt: Runtime, state: AnalyzeState, now: datetime | None = None) -> AnalystView:
    """Return what `state` shows, computed once per state, seq and clock bucket."""
    now = now or datetime.now(UTC)
    bucket = int(now.timestamp()) // WINDOW_BUCKET_S
    moment = datetime.fromtimestamp(bucket * WINDOW_BUCKET_S, UTC)
    version = (rt.picture.seq, rt.reference().version, bucket)
    return rt.memo.get(f"analyze:{state.key()}", version, lambda: compute(rt, state, moment))


def compute(rt: Runtime, state: AnalyzeState, now: datetime) -> AnalystView:
    """Filter the chosen source's incidents and tracks by the state's choices."""
    shown_at = state.at or now
    incidents, tracks, notice, source = frames(rt, state, now)
    view = state.view_filter(shown_at)
    kept = view.apply(incidents, notice, shown_at, tracks)
    ref = rt.reference()
    kept = kept.assign(
        notice=kept["id"].map(notice["notice"]).to_numpy() if len(kept) else [],
        city_name=kept["city"].map(lambda c: ref.city_names.get(c, c)).to_numpy(),
    )
    selected = kept[kept["id"].isin(state.selection)] if state.selection else kept
    rows = tracks[tracks["incident_id"].isin(set(selected["id"])).to_numpy()]
    if view.narrows_tracks():
        rows = rows[view.track_mask(rows).to_numpy()]
    fields = selected.set_index("id")[INCIDENT_FIELDS]
    rows = rows.join(fields, on="incident_id").assign(
        n_disputed=rows["disputed_steps"].map(len) if len(rows) else []
    )
    alarmed = notice.index[notice["alarm"].fillna(False).astype(bool)] if len(notice) else []
    counts = kpi_counts(selected, set(alarmed))
    return AnalystView(kept, selected, rows.reset_index(drop=True), counts, shown_at, source)


def frames(
    rt: Runtime, state: AnalyzeState, now: datetime
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """Return (incidents, tracks, notice, source) for the state's time and window."""
    if state.at is not None:
        incidents, claims = played_back(rt, state.at, state.basis)
        return (*derived(rt, incidents, claims, state.at), "playback")
    start, _end = state.range(now)
    if start is not None and start >= rt.picture.live_since(now):
        incidents = rt.picture.incidents.reset_index(drop=True)
        return incidents, current_tracks(rt), current_notice(rt, now), "live"
    with rt.store.engine.connect() as conn:
        incidents = queries.incidents_between(conn, *state.range(now))
        claims = queries.claims_between(conn, *state.range(now))
    notified = notified_agencies(claims)
    incidents["notified"] = [notified.get(i, []) for i in incidents["id"]]
    return (*derived(rt, incidents, claims, now), "history")


def derived(
    rt: Runtime, incidents: pd.DataFrame, claims: pd.DataFrame, at: datetime
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return incidents, their tracks and their notice as of `at`, from their claims."""
    incidents = incidents.reset_index(drop=True)
    members = rt.reference().members
    tracks = notification_tracks(claims, incidents, members, tolerance(rt.config))
    return incidents, tracks, notice_of(rt, incidents, tracks, at)


def played_back(rt: Runtime, at: datetime, basis: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the picture at `at` as it happened or as known (read/history.py)."""
    found = picture_at(rt.store.engine, at, basis="happened" if basis == "happened" else "known")
    return found.incidents, found.claims

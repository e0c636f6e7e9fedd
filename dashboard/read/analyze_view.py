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

import numpy as np
import pandas as pd

from dashboard.figures.analyze_map import hover_texts
from dashboard.figures.incident_map import display_points
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
# The columns a filter change, the charts, the table and the exports read. The base keeps
# only these: every row selection copies each column it carries, lists and texts too.
VIEW_COLUMNS = ["id", "kind", "status", "title", "lat", "lon", "city", "reported_at",
                "updated_at", "outside_region", "pos", "notice", "city_name", "draw_lat",
                "draw_lon", "hover"]  # fmt: skip
TRACK_COLUMNS = ["incident_id", "agency_id", "lead_time_s", "response_lo_s", "response_hi_s",
                 "disputed_steps", "sources", *INCIDENT_FIELDS, "pos", "n_disputed"]  # fmt: skip


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


@dataclass(frozen=True)
class Base:
    """One source's incidents and tracks, prepared once so a filter change only selects.

    `incidents` carry their notice, city name, drawn point and hover text, and `pos`
    (their row number); `tracks` carry their incident's fields, `pos` of that incident,
    and `n_disputed`. Selecting is then numpy indexing, not string matching.
    """

    incidents: pd.DataFrame
    tracks: pd.DataFrame
    notice: pd.DataFrame


def compute(rt: Runtime, state: AnalyzeState, now: datetime) -> AnalystView:
    """Filter the chosen source's incidents and tracks by the state's choices."""
    shown_at = state.at or now
    base, source = chosen_base(rt, state, now)
    view = state.view_filter(shown_at)
    kept = view.apply(base.incidents, base.notice, shown_at, base.tracks)
    selected = kept[kept["id"].isin(state.selection)] if state.selection else kept
    wanted = np.zeros(len(base.incidents) + 1, dtype=bool)
    wanted[selected["pos"].to_numpy()] = True
    rows = base.tracks[wanted[base.tracks["pos"].to_numpy()]]
    if view.narrows_tracks():
        rows = rows[view.track_mask(rows).to_numpy()]
    alarm = alarms_now(rt, base, source, shown_at)
    tiles = selected[[c for c in ("id", "kind", "status", "outside_region") if c in selected]]
    # Through numpy: iterating a string index boxes each of thousands of alarmed ids.
    counts = kpi_counts(tiles, set(alarm.index.to_numpy()[alarm.to_numpy()].tolist()))
    return AnalystView(kept, selected, rows, counts, shown_at, source)


def alarms_now(rt: Runtime, base: Base, source: str, at: datetime) -> pd.Series:
    """Return, per incident id, whether its notice alarms at `at` (the live one moves)."""
    notice = current_notice(rt, at) if source == "live" else base.notice
    return notice["alarm"].fillna(False).astype(bool) if len(notice) else pd.Series(dtype=bool)


def chosen_base(rt: Runtime, state: AnalyzeState, now: datetime) -> tuple[Base, str]:
    """Return the prepared base for the state's time and window, and where it came from."""
    if state.at is not None:
        at = state.at
        key = (at.isoformat(), state.basis)
        made = rt.memo.get("analyze-played", key, lambda: played_base(rt, at, state.basis))
        return made, "playback"
    start, end = state.range(now)
    if start is not None and start >= rt.picture.live_since(now):
        version = (rt.picture.seq, rt.reference().version)
        return rt.memo.get("analyze-live", version, lambda: live_base(rt, now)), "live"
    span = (rt.picture.seq, rt.reference().version, str(start), str(end))
    return rt.memo.get("analyze-history", span, lambda: history_base(rt, start, end)), "history"


def live_base(rt: Runtime, now: datetime) -> Base:
    """Prepare the live picture: its incidents, kept tracks and notice."""
    incidents = rt.picture.incidents.reset_index(drop=True)
    return prepared(rt, incidents, current_tracks(rt), current_notice(rt, now))


def history_base(rt: Runtime, start: datetime | None, end: datetime | None) -> Base:
    """Prepare the incidents with an event within [start, end], read from SQL."""
    with rt.store.engine.connect() as conn:
        incidents = queries.incidents_between(conn, start, end)
        claims = queries.claims_between(conn, start, end)
    notified = notified_agencies(claims)
    incidents["notified"] = [notified.get(i, []) for i in incidents["id"]]
    return derived(rt, incidents, claims, datetime.now(UTC))


def played_base(rt: Runtime, at: datetime, basis: str) -> Base:
    """Prepare the picture at `at` as it happened or as known (read/history.py).

    Both bases judge locality by the reference in force at `at`. A reference change has
    one time, when it was recorded; no earlier "effective from" is known. So "known"
    (what the command center saw then) and "happened" (the world as it was then) both
    take the agencies that were local at `at`, not those local today.
    """
    found = picture_at(rt.store.engine, at, basis="happened" if basis == "happened" else "known")
    incidents = found.incidents.reset_index(drop=True)
    ref = rt.references.as_of(at)
    places = ref.locality.places_of(incidents)
    tracks = notification_tracks(found.claims, incidents, ref.members, tolerance(rt.config), places)
    return prepared(rt, incidents, tracks, notice_of(rt, incidents, tracks, at))


def derived(rt: Runtime, incidents: pd.DataFrame, claims: pd.DataFrame, at: datetime) -> Base:
    """Prepare incidents, their tracks and their notice as of `at`, from their claims."""
    incidents = incidents.reset_index(drop=True)
    members = rt.reference().members
    tracks = notification_tracks(claims, incidents, members, tolerance(rt.config))
    return prepared(rt, incidents, tracks, notice_of(rt, incidents, tracks, at))


def prepared(
    rt: Runtime, incidents: pd.DataFrame, tracks: pd.DataFrame, notice: pd.DataFrame
) -> Base:
    """Add what every filter change would otherwise recompute: notice, points, hover, pos."""
    incidents = incidents.reset_index(drop=True)
    names = rt.reference().city_names
    lat, lon = display_points(incidents)
    incidents = incidents.assign(
        pos=np.arange(len(incidents)),
        notice=incidents["id"].map(notice["notice"]).to_numpy() if len(notice) else None,
        city_name=incidents["city"]
        .map(dict(names))
        .astype(object)
        .fillna(incidents["city"])
        .to_numpy(),
        draw_lat=lat,
        draw_lon=lon,
    )
    incidents["hover"] = hover_texts(incidents)
    fields = incidents.set_index("id")[[*INCIDENT_FIELDS, "pos"]]
    tracks = tracks.join(fields, on="incident_id")
    tracks = tracks[tracks["pos"].notna()].assign(
        pos=lambda df: df["pos"].astype(int),
        n_disputed=lambda df: [len(s) for s in df["disputed_steps"]],
    )
    tracks = tracks.sort_values("reported_at", ascending=False, kind="stable")
    incidents = incidents[[c for c in VIEW_COLUMNS if c in incidents]]
    return Base(incidents, tracks[TRACK_COLUMNS].reset_index(drop=True), notice)

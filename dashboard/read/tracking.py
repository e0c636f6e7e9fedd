"""Read models of notification tracking: tracks, alarms and figures of the current picture."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pandas as pd
from dash import html

from dashboard.config import Config, city_min_leads
from dashboard.figures.alarms import alarm_tile
from dashboard.figures.stats_table import stats_table
from dashboard.read.frames import overwritten
from dashboard.rules.alarms import AlarmRules, alarms_by_incident, find_alarms
from dashboard.rules.notice import alarm_at, incident_notice
from dashboard.rules.stats import agency_figures, city_figures
from dashboard.rules.tracks import notification_tracks
from dashboard.runtime import Runtime
from dashboard.store import queries

# Alarms depend on the clock as well as on the log. They are recomputed at most this
# often, whatever the number of ticks in between: an alarm is minutes late by nature,
# and the live tick must stay cheap.
ALARM_BUCKET_S = 5
LAST_ALARM_TEXT = "alarms:last-text"
# The live tick shows the last alarm text it finds, but not one older than this.
ALARM_TEXT_MAX_BUCKETS = 60


def tolerance(config: Config) -> timedelta:
    """Return how far apart two claims of one step may be before they are disputed."""
    return timedelta(minutes=config.dispute_tolerance_min)


def city_leads(config: Config) -> dict[str, timedelta]:
    """Return the minimum lead of each city that has its own."""
    return {c: timedelta(minutes=m) for c, m in city_min_leads(config.city_min_lead).items()}


def alarm_rules(config: Config) -> AlarmRules:
    """Return the configured alarm thresholds and minimum leads."""
    return AlarmRules(
        ack_within=timedelta(minutes=config.ack_alarm_min),
        on_scene_within=timedelta(minutes=config.on_scene_alarm_min),
        source_silent_after=timedelta(minutes=config.source_silent_min),
        min_lead=timedelta(minutes=config.min_lead_min),
        city_min_lead=city_leads(config),
    )


def agency_names(rt: Runtime) -> dict[str, str]:
    """Return agency id to name, for whatever a person reads."""
    return dict(rt.reference().agency_names)


def notice_of(
    rt: Runtime, incidents: pd.DataFrame, tracks: pd.DataFrame, now: datetime | None = None
) -> pd.DataFrame:
    """Return `incident_notice` of the given incidents under the configured minimum leads."""
    rules = alarm_rules(rt.config)
    now = now or datetime.now(UTC)
    return incident_notice(incidents, tracks, now, rules.city_min_lead, rules.min_lead)


def current_notice(rt: Runtime, now: datetime | None = None) -> pd.DataFrame:
    """Return the notice of every incident in the picture, its alarm as of `now`.

    The notice itself changes only with the log, so it is kept per seq and updated for
    the incidents that changed; the alarm moves with the clock too (a deadline passes),
    so it is recomputed per alarm bucket from the kept deadlines, with no fold.
    """
    now = now or datetime.now(UTC)
    bucket = int(now.timestamp()) // ALARM_BUCKET_S
    ref = rt.reference()
    version = (rt.picture.seq, ref.members_version)

    def at_now() -> pd.DataFrame:
        base = incremental(rt, "notice-base", version, lambda ids: _notice_rows(rt, ids, now))
        found = base.assign(alarm=alarm_at(base, pd.Timestamp(now)))
        found.index = base.index  # the same object keeps its lookup table across seqs
        return found

    return rt.memo.get("notice", (*version, bucket), at_now)


def _notice_rows(rt: Runtime, ids: pd.Index | None, now: datetime) -> pd.DataFrame:
    """Return the notice of the given incidents (all when None), indexed by incident id.

    Changed incidents take their tracks fresh rather than from the kept tracks frame: a
    tick then never merges the whole tracks frame, which is brought current when read.
    """
    if ids is None:
        return notice_of(rt, rt.picture.incidents.reset_index(drop=True), current_tracks(rt), now)
    incidents = rt.picture.incidents.loc[ids]
    return notice_of(rt, incidents.reset_index(drop=True), tracks_of(rt, ids), now)


def not_told_ids(rt: Runtime, now: datetime | None = None) -> list[str]:
    """Return the incidents whose notice alarms: what the headline tile counts."""
    notice = current_notice(rt, now)
    return [str(i) for i in notice.index[notice["alarm"].astype(bool)]]


def detail_notice(rt: Runtime, incident: pd.Series, tracks: pd.DataFrame) -> Mapping:
    """Return one incident's notice, for the line above its matrix."""
    row = notice_of(rt, incident.to_frame().T.reset_index(drop=True), tracks)
    return row.iloc[0].to_dict()


def current_tracks(rt: Runtime) -> pd.DataFrame:
    """Return the tracks of every incident in the picture; kept per seq and membership."""
    version = (rt.picture.seq, rt.reference().members_version)
    return incremental(rt, "tracks", version, lambda ids: tracks_of(rt, ids))


def tracks_of(rt: Runtime, ids: pd.Index | None) -> pd.DataFrame:
    """Return the tracks of the given incidents (of all when None), folded from their claims."""
    incidents, claims = rt.picture.incidents, rt.picture.claims
    if ids is not None:
        incidents = incidents.loc[ids]
        claims = claims[claims["incident_id"].isin(ids)]
    ref = rt.reference()
    places = ref.locality.places_of(incidents)
    return notification_tracks(claims, incidents, ref.members, tolerance(rt.config), places)


def incremental(
    rt: Runtime, name: str, version: tuple[int, str], rows: Callable[[pd.Index | None], Any]
) -> pd.DataFrame:
    """Keep a per-incident frame current by recomputing only the incidents that changed.

    `rows(ids)` computes the rows of those incidents (of all when `ids` is None). A tick
    then costs what changed, not what exists: the frame of the previous seq is kept, and
    the picture's change log names the incidents to recompute or drop (those that left),
    so no step scans or hashes the whole picture. A membership change, or a log that no
    longer reaches back to the kept seq, recomputes everything.
    """
    seq, members = version
    latest = rt.memo.latest(name)
    if latest is not None and latest[0] == version:
        return latest[1]
    was = cast(tuple[int, str], latest[0]) if latest is not None else None
    named = rt.picture.changed_ids(was[0]) if was is not None and was[0] <= seq else None
    if latest is None or was is None or was[1] != members or named is None:
        found = rows(None)
    else:
        incidents = rt.picture.incidents
        present = incidents.index.get_indexer(named) >= 0
        changed = pd.Index([i for i, p in zip(named, present, strict=True) if p])
        found = _replace(latest[1], rows(changed) if len(changed) else None, named)
    rt.memo.put(name, version, found)
    return found


def _replace(old: pd.DataFrame, new: pd.DataFrame | None, named: list[str]) -> pd.DataFrame:
    """Return `old` without the rows of the named incidents (changed or gone), plus `new`.

    Tracks are keyed by an `incident_id` column (a fresh 0..n index), notices by index.
    """
    if not named:
        return old
    by_column = "incident_id" in old
    if not by_column and new is not None and len(new) == len(named):
        # Every named incident changed in place: no row leaves, the index is kept.
        kept_in_place = overwritten(old, old.index.get_indexer(new.index), new)
        if kept_in_place is not None:
            return kept_in_place
    key = old["incident_id"] if by_column else old.index.to_series()
    kept = old[~key.isin(named).to_numpy()]
    if new is None or new.empty or kept.empty:  # concat with an empty frame warns
        found = kept if new is None or new.empty else new
    else:
        found = pd.concat([kept, new], ignore_index=by_column)
    return found.reset_index(drop=True) if by_column else found


def source_freshness(rt: Runtime) -> pd.DataFrame:
    """Return each source's newest event; kept per seq (it changes only with the log)."""

    def query() -> pd.DataFrame:
        with rt.store.engine.connect() as conn:
            return queries.source_freshness(conn)

    return rt.memo.get("sources", rt.picture.seq, query)


def current_alarms(rt: Runtime, now: datetime | None = None) -> pd.DataFrame:
    """Return every alarm now; computed at most once per ALARM_BUCKET_S seconds."""
    now = now or datetime.now(UTC)
    bucket = int(now.timestamp()) // ALARM_BUCKET_S

    def compute() -> pd.DataFrame:
        found = find_alarms(
            rt.picture.incidents.reset_index(drop=True),
            current_tracks(rt),
            source_freshness(rt),
            now,
            alarm_rules(rt.config),
            agency_names(rt),
        )
        rt.memo.put(LAST_ALARM_TEXT, bucket, alarms_by_incident(found, agency_names(rt)))
        return found

    return rt.memo.get("alarms", bucket, compute)


def alarm_text(rt: Runtime) -> dict[str, str]:
    """Return the last computed alarm text per incident, computing it only if there is none.

    The live tick reads this: it never waits for an alarm check, which the slower alarm
    callback runs.
    """
    bucket = int(datetime.now(UTC).timestamp()) // ALARM_BUCKET_S
    found = rt.memo.latest(LAST_ALARM_TEXT)
    if found is None or bucket - cast(int, found[0]) > ALARM_TEXT_MAX_BUCKETS:
        current_alarms(rt)
        found = rt.memo.latest(LAST_ALARM_TEXT)
    return found[1] if found is not None else {}


def with_alarms(rt: Runtime, incidents: pd.DataFrame) -> pd.DataFrame:
    """Return the incidents with an `alarm` column: their alarm messages, or ''."""
    text = alarm_text(rt)
    return incidents.assign(alarm=[text.get(i, "") for i in incidents["id"]])


def figures(rt: Runtime, cities: list[str] | None) -> dict[str, pd.DataFrame]:
    """Return the per-agency and per-city figures of the chosen cities."""
    incidents = rt.picture.incidents
    if cities:
        incidents = incidents[incidents["city"].isin(cities)]
    tracks = current_tracks(rt)
    tracks = tracks[tracks["incident_id"].isin(set(incidents["id"]))]
    rules = alarm_rules(rt.config)
    leads = (rules.city_min_lead, rules.min_lead)
    return {
        "agency": agency_figures(incidents, tracks, *leads),
        "city": city_figures(incidents, tracks, *leads),
    }


def alarms_json(alarms: pd.DataFrame) -> list[dict[str, Any]]:
    """Return alarms as JSON-ready dicts with ISO times."""
    rows = []
    for a in alarms.to_dict("records"):
        since = a["since"]
        rows.append(
            {
                **{
                    k: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v)
                    for k, v in a.items()
                    if k != "since"
                },
                "since": None
                if since is None or pd.isna(since)
                else pd.Timestamp(since).isoformat(),
            }
        )
    return rows


def alarm_panel(rt: Runtime, cities: list[str] | None) -> html.Div:
    """Return the alarm tile for the chosen cities (silent sources count everywhere)."""
    alarms = current_alarms(rt)
    if cities:
        city_of = rt.picture.incidents["city"]
        in_city = alarms["incident_id"].map(lambda i: city_of.get(i) in cities if i else True)
        alarms = alarms[in_city.astype(bool)]
    titles = rt.picture.incidents["title"].astype(str).to_dict()
    return alarm_tile(alarms, titles, agency_names(rt))


def stats_panel(rt: Runtime, cities: list[str] | None) -> html.Table:
    """Return the per-city and per-agency figures table."""
    found = figures(rt, cities)
    ref = rt.reference()
    members = ref.members
    # An agency of several cities is listed under the first; its figures cover them all.
    agency_city = dict(zip(members["agency_id"], members["jurisdiction_id"], strict=True))
    return stats_table(
        found["city"],
        found["agency"],
        dict(ref.city_names),
        dict(ref.agency_names),
        agency_city,
    )

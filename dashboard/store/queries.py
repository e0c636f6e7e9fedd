"""Read-only, parameterised queries that return DataFrames."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select, true

from dashboard.domain import RETRACTION
from dashboard.store.schema import (
    agencies,
    events,
    incidents,
    jurisdictions,
    retracted_events,
    step_claims,
)

INCIDENT_COLUMNS = [c.name for c in incidents.columns]

CLAIM_COLUMNS = [c.name for c in step_claims.columns]
EVENT_COLUMNS = [
    "seq",
    "source",
    "event_id",
    "type",
    "occurred_at",
    "received_at",
    "incident_id",
    "agency_id",
    "payload",
    "body_hash",
]
TIME_COLUMNS = (
    "started_at",
    "reported_at",
    "updated_at",
    "occurred_at",
    "received_at",
    "newest_occurred_at",
    "newest_received_at",
)


# The widest times a view may meet. A stored time outside them (written before the model
# bounded times, or by hand) must not fail a page: an optional one reads as unknown (NaT),
# a required one is clamped to the edge. Two centuries keep any difference of two times
# inside pandas' nanosecond range (about 292 years).
READABLE_FROM = pd.Timestamp(1900, 1, 1, tz=UTC)
READABLE_UNTIL = pd.Timestamp(2100, 1, 1, tz=UTC)
OPTIONAL_TIMES = frozenset({"started_at"})


def frame(conn: Connection, stmt: Select, columns: list[str]) -> pd.DataFrame:
    """Run a select and return its rows as a DataFrame with UTC datetime columns."""
    return rows_frame(conn.execute(stmt).all(), columns)


def rows_frame(rows: Sequence[Sequence[Any]], columns: list[str]) -> pd.DataFrame:
    """Return rows (values in column order) as a DataFrame with UTC datetime columns."""
    df = pd.DataFrame(rows, columns=columns)
    for name in TIME_COLUMNS:
        if name in df.columns:
            df[name] = readable_times(df[name], optional=name in OPTIONAL_TIMES)
    return df


def readable_times(values: pd.Series, optional: bool = False) -> pd.Series:
    """Return values as UTC timestamps inside the readable range (see READABLE_FROM)."""
    try:  # one vectorised pass when every time is readable, as stored times nearly always are
        times = pd.to_datetime(values, utc=True)
        if not len(times.dropna()) or (
            times.min() >= READABLE_FROM and times.max() < READABLE_UNTIL
        ):
            return times
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        pass
    early = values.map(lambda v: isinstance(v, datetime) and v < READABLE_FROM)
    late = values.map(lambda v: isinstance(v, datetime) and v >= READABLE_UNTIL)
    inside = values.where(~(early | late), None)
    times = pd.to_datetime(inside, utc=True)
    if optional:
        return times
    times[early.to_numpy(bool)] = READABLE_FROM
    times[late.to_numpy(bool)] = READABLE_UNTIL - pd.Timedelta(seconds=1)
    return times


def latest_seq(conn: Connection) -> int:
    """Return the newest seq in the log, 0 when it is empty."""
    return int(conn.execute(select(func.coalesce(func.max(events.c.seq), 0))).scalar_one())


def latest_arrival(conn: Connection) -> tuple[int, pd.Timestamp | None]:
    """Return the newest seq and when its event arrived (server time): (0, None) if empty."""
    stmt = select(events.c.seq, events.c.received_at).order_by(events.c.seq.desc()).limit(1)
    row = conn.execute(stmt).first()
    if row is None:
        return 0, None
    received = readable_times(pd.Series([row.received_at])).iloc[0]
    return int(row.seq), None if pd.isna(received) else received


def live_condition(since: datetime) -> ColumnElement[bool]:
    """Open, or closed with an event at or after `since`: the live picture's incidents."""
    return or_(incidents.c.status != "closed", incidents.c.updated_at >= since)


def incidents_frame(
    conn: Connection,
    changed_after: int = 0,
    live_since: datetime | None = None,
    only: str | None = None,
) -> pd.DataFrame:
    """Return incidents touched by any event after the given seq (all of them by default).

    With `live_since`, only the live ones: open, or closed with an event since then;
    with `only`, the one incident of that id.
    """
    stmt = (
        select(incidents)
        .where(incidents.c.last_seq > changed_after)
        .order_by(incidents.c.first_seq)
    )
    if live_since is not None:
        stmt = stmt.where(live_condition(live_since))
    if only is not None:
        stmt = stmt.where(incidents.c.id == only)
    return frame(conn, stmt, INCIDENT_COLUMNS)


def retracted_incidents(conn: Connection, after: int) -> list[str]:
    """Return incidents a retraction after `after` took out of the projection."""
    retracted = (
        select(events.c.incident_id)
        .where(events.c.seq > after, events.c.type == RETRACTION)
        .where(~select(incidents.c.id).where(incidents.c.id == events.c.incident_id).exists())
        .distinct()
    )
    return [str(i) for i in conn.execute(retracted).scalars()]


def claims_frame(
    conn: Connection,
    incident_ids: Iterable[str] | None = None,
    live_since: datetime | None = None,
) -> pd.DataFrame:
    """Return step claims, for the given incidents, the live ones, or all."""
    stmt = select(step_claims).order_by(step_claims.c.seq)
    if incident_ids is not None:
        stmt = stmt.where(step_claims.c.incident_id.in_(list(incident_ids)))
    if live_since is not None:
        live = select(incidents.c.id).where(live_condition(live_since))
        stmt = stmt.where(step_claims.c.incident_id.in_(live))
    return frame(conn, stmt, CLAIM_COLUMNS)


def between_condition(start: datetime | None, end: datetime | None) -> ColumnElement[bool]:
    """An incident with an event within [start, end]: last event at or after start, first
    at or before end (either bound may be open)."""
    parts = []
    if start is not None:
        parts.append(incidents.c.updated_at >= start)
    if end is not None:
        parts.append(incidents.c.reported_at <= end)
    return and_(true(), *parts)


def incidents_between(
    conn: Connection, start: datetime | None, end: datetime | None
) -> pd.DataFrame:
    """Return the incidents with an event within [start, end], in first-seq order."""
    stmt = select(incidents).where(between_condition(start, end)).order_by(incidents.c.first_seq)
    return frame(conn, stmt, INCIDENT_COLUMNS)


def claims_between(conn: Connection, start: datetime | None, end: datetime | None) -> pd.DataFrame:
    """Return the step claims of the incidents with an event within [start, end]."""
    ids = select(incidents.c.id).where(between_condition(start, end))
    stmt = select(step_claims).where(step_claims.c.incident_id.in_(ids)).order_by(step_claims.c.seq)
    return frame(conn, stmt, CLAIM_COLUMNS)


def matching_incidents(
    conn: Connection, conditions: list[ColumnElement[bool]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the incidents meeting every condition, by first seq, and their claims.

    The filter runs in SQL, so a narrow question reads only its own rows and claims.
    """
    chosen = select(incidents.c.id).where(*conditions)
    stmt = select(incidents).where(*conditions).order_by(incidents.c.first_seq)
    claims = select(step_claims).where(step_claims.c.incident_id.in_(chosen))
    return (
        frame(conn, stmt, INCIDENT_COLUMNS),
        frame(conn, claims.order_by(step_claims.c.seq), CLAIM_COLUMNS),
    )


def incident_events(conn: Connection, incident_id: str) -> pd.DataFrame:
    """Return an incident's timeline: every event about it, in the order things happened."""
    retraction = [retracted_events.c.by_source, retracted_events.c.reason]
    stmt = (
        select(*[events.c[name] for name in EVENT_COLUMNS], *retraction)
        .outerjoin(
            retracted_events,
            (retracted_events.c.source == events.c.source)
            & (retracted_events.c.event_id == events.c.event_id),
        )
        .where(events.c.incident_id == incident_id)
        .order_by(events.c.occurred_at, events.c.seq)
    )
    df = frame(conn, stmt, [*EVENT_COLUMNS, "retracted_by", "retraction_reason"])
    df["payload"] = [json.loads(p) for p in df["payload"]]
    return df


def events_after(conn: Connection, after: int, limit: int) -> pd.DataFrame:
    """Return up to `limit` events with seq greater than `after`, in seq order."""
    stmt = (
        select(*[events.c[name] for name in EVENT_COLUMNS])
        .where(events.c.seq > after)
        .order_by(events.c.seq)
        .limit(limit)
    )
    df = frame(conn, stmt, EVENT_COLUMNS)
    df["payload"] = [json.loads(p) for p in df["payload"]]
    return df


def agencies_frame(conn: Connection) -> pd.DataFrame:
    """Return every agency with its jurisdiction."""
    stmt = select(agencies).order_by(agencies.c.jurisdiction_id, agencies.c.id)
    return frame(conn, stmt, [c.name for c in agencies.columns])


def jurisdictions_frame(conn: Connection) -> pd.DataFrame:
    """Return every jurisdiction (city)."""
    stmt = select(jurisdictions).order_by(jurisdictions.c.name)
    return frame(conn, stmt, [c.name for c in jurisdictions.columns])


def source_freshness(conn: Connection) -> pd.DataFrame:
    """Return, per source, when its newest event happened and when it arrived."""
    stmt = (
        select(
            events.c.source,
            func.max(events.c.occurred_at).label("newest_occurred_at"),
            func.max(events.c.received_at).label("newest_received_at"),
            func.count().label("events"),
        )
        .group_by(events.c.source)
        .order_by(events.c.source)
    )
    return frame(conn, stmt, ["source", "newest_occurred_at", "newest_received_at", "events"])

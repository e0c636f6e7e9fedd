"""Which agencies were local to an incident when it happened, and what changed since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard.read.reference import Reference
from dashboard.read.reference_history import Change, changes_since
from dashboard.runtime import Runtime


@dataclass(frozen=True)
class LocalThen:
    """The incident's local agencies at `as_of` and now, and the reference changes between."""

    as_of: datetime
    then: list[str]
    now: list[str]
    changes: list[Change]


def happened_at(incident: pd.Series) -> datetime:
    """Return when the incident began: its start when given, else its first report."""
    started = incident["started_at"]
    chosen = incident["reported_at"] if started is None or pd.isna(started) else started
    return pd.Timestamp(chosen).to_pydatetime()


def local_then(rt: Runtime, one: pd.DataFrame) -> tuple[LocalThen, Reference]:
    """Return the local agencies of the incident in `one` then and now, and the reference then.

    "Then" is when it began: the agencies the reporting party was expected to tell are
    those local at that moment, whatever was added or moved later.
    """
    at = happened_at(one.iloc[0])
    then_ref, now_ref = rt.references.as_of(at), rt.reference()
    places_then = then_ref.locality.places_of(one)
    places_now = now_ref.locality.places_of(one)
    then, now = _agencies(places_then, then_ref), _agencies(places_now, now_ref)
    places = set(places_then["jurisdiction_id"]) | set(places_now["jurisdiction_id"])
    whats = {f"jurisdiction:{j}" for j in places} | {f"agency:{a}" for a in {*then, *now}}
    with rt.store.engine.connect() as conn:
        changes = changes_since(conn, at, whats)
    # Each entity once, with its latest change: the report names what moved, not every edit.
    latest = {change.what: change for change in changes}
    return LocalThen(at, then, now, sorted(latest.values(), key=lambda c: c.changed_at)), then_ref


def _agencies(places: pd.DataFrame, ref: Reference) -> list[str]:
    """Return the agencies local to any of `places`' jurisdictions, by id."""
    found = places.merge(ref.members[["jurisdiction_id", "agency_id"]], on="jurisdiction_id")
    return sorted(set(found["agency_id"]))

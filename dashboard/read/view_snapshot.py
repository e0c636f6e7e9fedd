"""One view's visible incidents, kept per seq from the last one by re-reading only changes.

A snapshot is what a view filter keeps of the live picture at one seq and alarm bucket:
the decorated rows (indexed by first_seq, which is unique and sorted, so positions are a
bisect), an order-free digest of their ids, a digest of the alarm-ringed ones, and the
KPI counts. The next seq's snapshot is the last one with the changed incidents (from the
picture's change log) filtered again; a new bucket, a reference change or the clock
taking an incident out of the view rebuilds it whole. Every browser of the view shares it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from dashboard.domain import OPEN_STATUSES
from dashboard.figures.incident_map import MARKER_TRACE as TRACE_OF
from dashboard.read.frames import overwritten
from dashboard.read.live_view import decorate, id_hashes, may_have_expired, xor
from dashboard.read.tracking import (
    ALARM_BUCKET_S,
    alarm_text,
    current_notice,
    current_tracks,
    tracks_of,
)
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import Runtime


@dataclass(frozen=True)
class Snapshot:
    """A view's visible incidents at one seq and alarm bucket."""

    seq: int
    bucket: int
    versions: tuple[str, str]
    at: float
    visible: pd.DataFrame
    digest: int
    alarm_digest: int
    counts: dict[str, int]


def kpi_of(rows: pd.DataFrame) -> dict[str, int]:
    """Count active operations, open staging sites and protests, and those not told."""
    open_ = rows["status"].isin(OPEN_STATUSES).to_numpy()
    kind = rows["kind"].to_numpy()
    alarm = rows["notice_alarm"].to_numpy(dtype=bool)
    return {
        "operations": int((open_ & (kind == "operation") & (rows["status"] == "active")).sum()),
        "staging": int((open_ & (kind == "staging")).sum()),
        "protests": int((open_ & (kind == "protest")).sum()),
        "not_told": int((open_ & alarm).sum()),
        # Points outside every jurisdiction are still shown and counted (issue 12).
        "outside": int((open_ & _flag(rows, "outside_region")).sum()),
    }


def _flag(rows: pd.DataFrame, column: str) -> np.ndarray:
    """Return a boolean column as an array; all False when the frame lacks it."""
    if column not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows[column].fillna(False).to_numpy(dtype=bool)


def _filtered(
    rt: Runtime, view: ViewFilter, rows: pd.DataFrame, now: datetime, whole: bool = False
) -> pd.DataFrame:
    """Return the decorated rows the view keeps, indexed by first_seq.

    A few changed rows take their own tracks, so a filtered view's tick does not bring
    the whole tracks frame current.
    """
    decorated = decorate(rt, rows, now)
    if len(decorated) and (view.agencies or view.notice or view.window_h is not None):
        tracks = current_tracks(rt) if whole else tracks_of(rt, pd.Index(decorated["id"]))
        decorated = view.apply(
            decorated, current_notice(rt, now), now, tracks[["incident_id", "agency_id"]]
        )
    elif len(decorated):
        decorated = view.apply(decorated, None, now)
    # The map's trace of each kind, as a small integer: a tick compares codes, not strings.
    codes = decorated["kind"].map(TRACE_OF).fillna(-1).astype("int8")
    decorated = decorated.assign(kind_code=codes.to_numpy(), id_hash=id_hashes(decorated["id"]))
    return decorated.set_index(decorated["first_seq"].astype("int64").rename(None))


def build(rt: Runtime, view: ViewFilter, now: datetime, versions: tuple[str, str]) -> Snapshot:
    """Filter and decorate the whole picture: a first snapshot, or after time moved."""
    picture = rt.picture
    visible = _filtered(rt, view, picture.incidents, now, whole=True).sort_index()
    return Snapshot(
        seq=picture.seq,
        bucket=int(now.timestamp()) // ALARM_BUCKET_S,
        versions=versions,
        at=now.timestamp(),
        visible=visible,
        digest=xor(visible["id_hash"].to_numpy()),
        alarm_digest=xor(visible["id_hash"].to_numpy()[visible["notice_alarm"].to_numpy(bool)]),
        counts=kpi_of(visible),
    )


def advanced(rt: Runtime, view: ViewFilter, last: Snapshot, now: datetime) -> Snapshot | None:
    """Return `last` moved to the picture's seq by re-filtering the changed incidents only.

    None when the change log no longer reaches back to `last.seq`.
    """
    picture = rt.picture
    changed = picture.changed_ids(last.seq)
    if changed is None:
        return None
    incidents = picture.incidents
    positions = incidents.index.get_indexer(changed)
    if (positions < 0).any():
        return None  # one left the picture (pruned): rebuild rather than guess
    rows = incidents.iloc[positions]
    fresh = _filtered(rt, view, rows, now)
    old = last.visible
    firsts = old.index.to_numpy()
    wanted = rows["first_seq"].astype("int64").to_numpy()
    where = np.minimum(np.searchsorted(firsts, wanted), max(len(firsts) - 1, 0))
    held = where[firsts[where] == wanted] if len(firsts) else where[:0]
    was = old.iloc[held]
    # The usual tick: the changed incidents were in view and still are, each in its place.
    same = np.array_equal(fresh.index.to_numpy(), firsts[held])
    visible = overwritten(old, held, fresh) if same and len(held) else None
    if visible is None:
        keep = np.ones(len(old), dtype=bool)
        keep[held] = False
        visible = _joined(old[keep], fresh)
    alarmed = was["notice_alarm"].to_numpy(bool), fresh["notice_alarm"].to_numpy(bool)
    before, after = kpi_of(was), kpi_of(fresh)
    counts = {k: last.counts[k] - before[k] + after[k] for k in last.counts}
    return Snapshot(
        seq=picture.seq,
        bucket=last.bucket,
        versions=last.versions,
        at=now.timestamp(),
        visible=visible,
        digest=last.digest ^ xor(was["id_hash"].to_numpy()) ^ xor(fresh["id_hash"].to_numpy()),
        alarm_digest=last.alarm_digest
        ^ xor(was["id_hash"].to_numpy()[alarmed[0]])
        ^ xor(fresh["id_hash"].to_numpy()[alarmed[1]]),
        counts=counts,
    )


def realarmed(rt: Runtime, last: Snapshot, bucket: int, now: datetime) -> Snapshot:
    """Return `last` with the alarms of a new bucket: the clock moves alarms, not rows.

    Vectorised over the view once per bucket (not per tick), no filtering or decorating.
    """
    visible = last.visible
    notice = current_notice(rt, now)
    alarm = notice["alarm"].reindex(visible["id"]).fillna(False).astype(bool).to_numpy()
    text = alarm_text(rt)
    visible = visible.assign(
        notice_alarm=alarm, alarm=visible["id"].map(text).astype(object).fillna("").to_numpy()
    )
    hashes = visible["id_hash"].to_numpy()
    return Snapshot(
        seq=last.seq,
        bucket=bucket,
        versions=last.versions,
        at=last.at,
        visible=visible,
        digest=last.digest,
        alarm_digest=xor(hashes[alarm]),
        counts=kpi_of(visible),
    )


def rows_of(rt: Runtime, visible: pd.DataFrame, ids_: list[str]) -> pd.DataFrame:
    """Return the visible rows of the given incidents, found by first_seq (a bisect each)."""
    incidents = rt.picture.incidents
    positions = incidents.index.get_indexer(ids_)
    wanted = incidents["first_seq"].to_numpy()[positions[positions >= 0]].astype("int64")
    firsts = visible.index.to_numpy()
    if not len(firsts) or not len(wanted):
        return visible.iloc[:0]
    where = np.minimum(np.searchsorted(firsts, wanted), len(firsts) - 1)
    return visible.iloc[np.sort(where[firsts[where] == wanted])]


def _joined(kept: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """Return kept and fresh rows in first_seq order (concat warns on an empty frame)."""
    if not len(fresh) or not len(kept):
        return kept if len(kept) else fresh
    joined = pd.concat([kept, fresh])
    # New incidents sort after every kept one; an old one re-entering needs the sort.
    return joined.sort_index() if fresh.index.min() < kept.index.max() else joined


def snapshot(rt: Runtime, view: ViewFilter, now: datetime | None = None) -> Snapshot:
    """Return the view's snapshot at the picture's seq, advanced from the last when it can."""
    now = now or datetime.now(UTC)
    picture = rt.picture
    ref = rt.reference()
    versions = (str(ref.version), str(ref.members_version))
    bucket = int(now.timestamp()) // ALARM_BUCKET_S
    name = f"snapshot:{view.key()}"
    found = rt.memo.latest(name)
    last = found[1] if found is not None and isinstance(found[1], Snapshot) else None
    if last is not None and (last.seq, last.bucket, last.versions) == (
        picture.seq,
        bucket,
        versions,
    ):
        return last
    fresh = None
    if last is not None and last.bucket != bucket and last.versions == versions:
        last = realarmed(rt, last, bucket, now)
    if (
        last is not None
        and last.bucket == bucket
        and last.versions == versions
        and last.seq <= picture.seq
        and not may_have_expired(rt, view, last.at, now)
    ):
        fresh = advanced(rt, view, last, now)
    if fresh is None:
        fresh = build(rt, view, now, versions)
    rt.memo.put(name, (fresh.seq, bucket), fresh)
    return fresh

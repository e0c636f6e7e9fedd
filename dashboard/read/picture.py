"""The live picture, held in memory per process and kept current from seq deltas.

It holds what is live: open incidents and those closed within the live window (by their
last event), so its cost follows what is happening, not what has happened. History is
read from SQL (`history_frames`).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from dashboard.rules.tracks import notified_agencies
from dashboard.store import Store, queries

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# The change log keeps this many entries; a client further behind gets a whole answer.
LOG_LIMIT = 50_000


class Picture:
    """Incidents and claims as DataFrames, refreshed only by what changed after `seq`."""

    def __init__(self, store: Store, live_window: timedelta = timedelta(hours=24)) -> None:
        self.store = store
        self.live_window = live_window
        self.seq = 0
        # When the newest event arrived (server time): freshness is the feed's, measured
        # by arrival, so a backfill of old events is fresh and a future date is no help.
        self.received_at: pd.Timestamp | None = None
        # Seq of the last change of an incident's kind or city: clients older than it
        # hold points in the wrong trace, so they get a whole figure instead of a patch.
        self.layout_changed_at = 0
        # Seq of the last move of a known incident: clients older than it hold ring
        # traces at the old point, so a tick re-sends the rings whole.
        self.moved_at = 0
        # The change log: which incident changed at which seq, in seq order, so a tick
        # finds what changed after its seq with a bisect instead of a scan of the picture.
        self._log_start = 0
        self._change_log: tuple[list[int], list[str]] = ([], [])
        # Ids that left the picture (pruned or retracted) during the sync under way: the
        # log names them too, so per-incident upkeep drops them without a whole scan.
        self._left: list[str] = []
        self._times: tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray]] | None = None
        self.incidents = pd.DataFrame(columns=[*queries.INCIDENT_COLUMNS, "notified"])
        self.incidents = self.incidents.set_index("id", drop=False)
        self.claims = pd.DataFrame(columns=queries.CLAIM_COLUMNS)
        self._lock = threading.Lock()

    def sync(self) -> int:
        """Bring the picture up to the store's latest seq; cheap when nothing changed."""
        latest = self.store.latest_seq()
        if latest <= self.seq:
            return self.seq
        with self._lock:
            if latest > self.seq:
                self._apply_changes_after(self.seq, latest)
        return self.seq

    def live_since(self, now: datetime | None = None) -> datetime:
        """Return the oldest last-event time of a closed incident that is still live."""
        return (now or datetime.now(UTC)) - self.live_window

    def _apply_changes_after(self, seq: int, latest: int) -> None:
        since = self.live_since()
        with self.store.engine.connect() as conn:
            if seq == 0:
                # The first load reads only the live set; history stays in SQL.
                changed = queries.incidents_frame(conn, live_since=since)
                claims = queries.claims_frame(conn, live_since=since)
            else:
                # A delta reads every changed incident: one that left the live set must
                # leave the picture too.
                changed = queries.incidents_frame(conn, changed_after=seq)
                claims = queries.claims_frame(conn, changed["id"]) if len(changed) else None
                self._drop(queries.retracted_incidents(conn, seq))
            # Read last, so it covers every row read above: the notices are only a hint.
            truth, self.received_at = queries.latest_arrival(conn)
        if latest > truth:
            self.store.notices.reset(latest, truth)
            latest = truth
        self._prune(since)
        if changed.empty or claims is None:
            self.seq = latest
            self._log_left(seq)
            return
        kept_claims = self.claims[~self.claims["incident_id"].isin(changed["id"])]
        self.claims = (
            pd.concat([kept_claims, claims], ignore_index=True)
            if len(kept_claims)
            else claims.reset_index(drop=True)
        )
        notified = notified_agencies(claims)
        changed["notified"] = [notified.get(i, []) for i in changed["id"]]
        changed = changed.set_index("id", drop=False)
        before = self.incidents.reindex(changed.index)
        moved = before["kind"].notna() & (
            (before["kind"] != changed["kind"]) | (before["city"] != changed["city"])
        )
        if moved.any():
            self.layout_changed_at = int(changed.loc[moved, "last_seq"].max())
        shifted = before["lat"].notna() & (
            (before["lat"] != changed["lat"]) | (before["lon"] != changed["lon"])
        )
        if shifted.any():
            self.moved_at = int(changed.loc[shifted, "last_seq"].max())
        if seq:  # the first load is no change: the log starts after it
            self._log(changed)
        self.incidents = _merged(self.incidents, changed)
        self._prune(since)
        self.seq = max(latest, int(changed["last_seq"].max()))
        self._log_left(seq)
        if not seq:
            self._log_start = self.seq

    def _log(self, changed: pd.DataFrame) -> None:
        """Append the changed incidents to the change log, in seq order."""
        seqs, ids = self._change_log
        ordered = changed.sort_values("last_seq")
        # New lists, not in-place appends: a reader keeps a consistent pair.
        seqs = seqs + ordered["last_seq"].astype(int).tolist()
        ids = ids + ordered["id"].astype(str).tolist()
        if len(seqs) > LOG_LIMIT:
            cut = len(seqs) - LOG_LIMIT // 2
            self._log_start = seqs[cut - 1]
            seqs, ids = seqs[cut:], ids[cut:]
        self._change_log = (seqs, ids)

    def _log_left(self, seq: int) -> None:
        """Log the ids that left during this sync at the new seq (after every change logged)."""
        left, self._left = self._left, []
        if seq and left:
            count = len(left)
            self._log(pd.DataFrame({"last_seq": [self.seq] * count, "id": left}))

    def changed_ids(self, seq: int) -> list[str] | None:
        """Return the ids changed after `seq` (a bisect of the log); None when the log is short.

        Ids that left the picture (pruned, retracted) are named too: callers look each up.
        """
        seqs, ids = self._change_log
        if seq < self._log_start:
            return None
        return list(dict.fromkeys(ids[bisect_right(seqs, seq) :]))

    def _drop(self, gone: list[str]) -> None:
        """Drop incidents a retraction removed (their report is retracted), and their claims."""
        if not gone:
            return
        self._left += [str(i) for i in gone if i in self.incidents.index]
        self.incidents = self.incidents[~self.incidents.index.isin(gone)]
        self.claims = self.claims[~self.claims["incident_id"].isin(gone)].reset_index(drop=True)
        self.layout_changed_at = self.seq + 1  # clients patching points must redraw

    def _prune(self, since: datetime) -> None:
        """Drop incidents closed before `since`, and their claims."""
        frame = self.incidents
        old = (frame["status"] == "closed") & (frame["updated_at"] < pd.Timestamp(since))
        if not old.any():
            return
        gone = frame.index[old.to_numpy()]
        self._left += [str(i) for i in gone]
        self.incidents = frame[~old]
        self.claims = self.claims[~self.claims["incident_id"].isin(gone)].reset_index(drop=True)

    def expired_between(self, start: datetime, end: datetime) -> bool:
        """Tell whether a closed incident left the live window between two instants (no SQL)."""
        closed, _every = self.last_times()
        return any_between(closed, start - self.live_window, end - self.live_window)

    def last_times(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the sorted last-event times (ns) of closed incidents and of all, kept per seq.

        Sorted once per seq, so the tick's 'has time taken anything out?' is two bisects,
        not a scan of the picture per request.
        """
        frame, kept = self.incidents, self._times
        if kept is not None and kept[0] is frame:
            return kept[1]
        last = frame["updated_at"].to_numpy(dtype="datetime64[ns]").view("int64")
        closed = (frame["status"] == "closed").to_numpy()
        found = (np.sort(last[closed]), np.sort(last))
        self._times = (frame, found)
        return found

    def changed_since(self, seq: int) -> pd.DataFrame:
        """Return the incidents touched by an event after `seq`."""
        return self.incidents[self.incidents["last_seq"] > seq]


def any_between(times: np.ndarray, start: datetime, end: datetime) -> bool:
    """Tell whether a sorted array of ns times holds one in [start, end)."""
    lo, hi = epoch_ns(start), epoch_ns(end)
    return bool(np.searchsorted(times, hi) > np.searchsorted(times, lo))


def epoch_ns(moment: datetime) -> int:
    """Return nanoseconds since the epoch (naive read as UTC), as pd.Timestamp(...).value.

    Integer arithmetic on the datetime: the unchanged tick asks this twice per request,
    and building a pandas Timestamp costs more than the rest of the check.
    """
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return (aware - EPOCH) // MICROSECOND * 1000


def history_frames(
    store: Store, incident_id: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return every incident ever recorded (or one) and its claims, from SQL, like the picture."""
    with store.engine.connect() as conn:
        incidents = queries.incidents_frame(conn, only=incident_id)
        claims = queries.claims_frame(conn, None if incident_id is None else [incident_id])
    notified = notified_agencies(claims)
    incidents["notified"] = [notified.get(i, []) for i in incidents["id"]]
    return incidents.set_index("id", drop=False), claims


def _merged(incidents: pd.DataFrame, changed: pd.DataFrame) -> pd.DataFrame:
    """Return a new frame with changed rows replaced in place and new rows appended.

    New incidents have a first_seq above every known one, so appending keeps the
    first_seq order without a sort. A new frame, not an in-place edit, because other
    threads may be reading the old one.
    """
    positions = incidents.index.get_indexer(changed.index)
    known = positions >= 0
    if not known.any():
        return pd.concat([incidents, changed]) if len(incidents) else changed
    columns = {}
    for name in incidents.columns:
        column = incidents[name]
        if column.dtype != changed[name].dtype:
            column = column.astype(object)
        column = column.copy()
        # .array keeps tz-aware datetimes native; numpy would box 10k Timestamps.
        column.iloc[positions[known]] = changed[name].array[known]
        columns[name] = column
    updated = pd.DataFrame(columns, index=incidents.index)
    added = changed[~known]
    return pd.concat([updated, added]) if len(added) else updated

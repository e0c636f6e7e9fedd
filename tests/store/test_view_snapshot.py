"""A view's snapshot advanced from the last seq equals one built from the whole picture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from dashboard.ingest.models import Event
from dashboard.read.view_snapshot import build, snapshot
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import runtime


def events(now: datetime) -> list[Event]:
    """A new incident, an update, a closure and a status change that leaves a status filter."""
    started = now - timedelta(hours=1)
    return [
        Event.model_validate(e)
        for e in (
            {"source": "t", "event_id": "r1", "type": "incident.reported", "occurred_at": now,
             "incident_id": "op-new", "incident": {"kind": "operation", "title": "New",
             "lat": 34.05, "lon": -118.25, "city": "los-angeles", "started_at": started}},
            {"source": "t", "event_id": "u1", "type": "incident.updated", "occurred_at": now,
             "incident_id": "protest-chicago", "incident": {"crowd_size": 77}},
            {"source": "t", "event_id": "c1", "type": "incident.closed", "occurred_at": now,
             "incident_id": "op-fashion"},
        )
    ]  # fmt: skip


def test_snp001_an_advanced_snapshot_equals_a_whole_build(app) -> None:
    rt = runtime(app.server)
    now = datetime.now(UTC)
    views = [
        ViewFilter(),
        ViewFilter(statuses=("active", "staging")),
        ViewFilter(kinds=("protest",)),
    ]
    with app.server.test_request_context():
        before = {v: snapshot(rt, v, now) for v in views}
    rt.store.append(events(now))
    with app.server.test_request_context():
        for view in views:
            kept = snapshot(rt, view, now)
            assert kept.seq > before[view].seq
            ref = rt.reference()
            whole = build(rt, view, now, (str(ref.version), str(ref.members_version)))
            assert (kept.digest, kept.alarm_digest, kept.counts) == (
                whole.digest,
                whole.alarm_digest,
                whole.counts,
            )
            pd.testing.assert_frame_equal(
                kept.visible.drop(columns=["notified", "notified_names"]),
                whole.visible.drop(columns=["notified", "notified_names"]),
                check_dtype=False,
            )
    assert "op-new" in snapshot(rt, views[0], now).visible["id"].tolist()


def test_snp002_the_change_log_names_what_changed_after_a_seq(app) -> None:
    rt = runtime(app.server)
    now = datetime.now(UTC)
    seq = rt.picture.sync()
    rt.store.append(events(now)[:1])
    middle = rt.picture.sync()
    rt.store.append(events(now)[1:])
    rt.picture.sync()
    assert rt.picture.changed_ids(middle) == ["protest-chicago", "op-fashion"]
    assert set(rt.picture.changed_ids(seq)) == {"op-new", "protest-chicago", "op-fashion"}
    assert rt.picture.changed_ids(rt.picture.seq) == []
    assert rt.picture.changed_ids(0) is None  # older than the log: a whole answer

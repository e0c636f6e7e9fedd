"""The tracks and notice kept per seq equal a fresh fold, however many seqs they skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from dashboard.ingest.models import Event
from dashboard.read.tracking import current_notice, current_tracks, notice_of, tolerance
from dashboard.rules.tracks import notification_tracks
from dashboard.runtime import runtime


def fresh(rt, now):
    """Fold tracks and notice from the whole picture, as if nothing had been kept."""
    incidents = rt.picture.incidents
    ref = rt.reference()
    places = ref.locality.places_of(incidents)
    tracks = notification_tracks(
        rt.picture.claims, incidents, ref.members, tolerance(rt.config), places
    )
    return tracks, notice_of(rt, incidents.reset_index(drop=True), tracks, now)


def same_rows(kept: pd.DataFrame, full: pd.DataFrame, key: list[str]) -> None:
    """Assert two frames hold the same rows whatever their order."""
    left = kept.sort_values(key).reset_index(drop=True)
    right = full.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_inc001_kept_tracks_and_notice_follow_changes_like_a_fresh_fold(app) -> None:
    rt = runtime(app.server)
    now = datetime.now(UTC)
    with app.server.test_request_context():
        current_tracks(rt), current_notice(rt, now)  # kept at this seq
    started = now - timedelta(hours=1)
    rt.store.append(
        [
            Event.model_validate(e)
            for e in (
                {"source": "t", "event_id": "n1", "type": "notification.sent",
                 "occurred_at": now - timedelta(hours=5), "incident_id": "staging-paramount",
                 "agency": "lasd"},
                {"source": "t", "event_id": "r1", "type": "incident.reported", "occurred_at": now,
                 "incident_id": "op-new", "incident": {"kind": "operation", "title": "New",
                 "lat": 34.05, "lon": -118.25, "city": "los-angeles", "started_at": started}},
            )
        ]
    )  # fmt: skip
    rt.store.append(
        [
            Event.model_validate(
                {"source": "ice-ero", "event_id": "c1", "type": "incident.closed",
                 "occurred_at": now, "incident_id": "op-fashion"}
            )
        ]
    )  # fmt: skip
    with app.server.test_request_context():
        tracks, notice = current_tracks(rt), current_notice(rt, now)
        full_tracks, full_notice = fresh(rt, now)
    same_rows(tracks, full_tracks, ["incident_id", "agency_id"])
    same_rows(notice.reset_index(), full_notice.reset_index(), ["id"])
    assert not notice.loc["staging-paramount", "alarm"]  # told two hours before it began
    assert notice.loc["op-new", "alarm"]  # nobody told
    assert not notice.loc["op-fashion", "alarm"]  # closed

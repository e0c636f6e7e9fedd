"""Freshness follows arrival (received_at), not the time a sender claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dash import Dash

from dashboard.read.views import freshness_info
from tests.factories import reported


def info(app: Dash) -> dict:
    rt = app.server.extensions["headsup"]
    with app.server.test_request_context("/"):
        rt.picture.sync()
        return freshness_info(rt)


def test_rel060_a_backfill_of_old_events_reads_fresh_by_its_arrival(app: Dash) -> None:
    rt = app.server.extensions["headsup"]
    before = datetime.now(UTC)
    old = reported("inc-backfill", minutes=-60 * 24 * 200)  # occurred months ago
    rt.store.append([old])
    newest = datetime.fromisoformat(info(app)["newest_event_at"])
    assert newest >= before - timedelta(seconds=1)
    assert old.occurred_at < before - timedelta(days=100)

"""The demo's seed tells "as known" from "as it happened", and playback tracks match live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from dash import Dash
from sqlalchemy import select

from dashboard.demo.feed import DemoFeed
from dashboard.read.analyze_view import compute, played_base
from dashboard.read.history import picture_at
from dashboard.read.tracking import current_alarms, current_tracks
from dashboard.rules.analyze_url import AnalyzeState
from dashboard.runtime import Runtime
from dashboard.store.schema import events


def runtime(app: Dash) -> Runtime:
    """Return the app's runtime (the demo is seeded when it is built)."""
    return app.server.extensions["headsup"]


def seed_start(rt: Runtime) -> datetime:
    """Return when the scenario begins: its first incident's report occurred then."""
    with rt.store.engine.connect() as conn:
        first = conn.execute(select(events.c.occurred_at).order_by(events.c.occurred_at)).first()
    assert first is not None
    return pd.Timestamp(first.occurred_at).tz_convert(UTC).to_pydatetime()


def test_dem001_seeded_events_arrive_after_they_occur_and_seq_follows_arrival(app: Dash) -> None:
    rt = runtime(app)
    with rt.store.engine.connect() as conn:
        rows = conn.execute(select(events).order_by(events.c.seq)).mappings().all()
    received = [pd.Timestamp(r["received_at"]) for r in rows]
    assert received == sorted(received)  # seq order is receive order
    delays = [(pd.Timestamp(r["received_at"]) - pd.Timestamp(r["occurred_at"])) for r in rows]
    assert all(d >= timedelta(0) for d in delays)
    assert len(set(received)) > len(rows) // 2  # not one start-up time for all
    late = {r["event_id"] for r, d in zip(rows, delays, strict=True) if d >= timedelta(minutes=30)}
    assert {"st-pm-1", "pr-pm-8"} <= late


def test_dem002_as_known_earlier_is_not_empty_and_differs_from_as_it_happened(app: Dash) -> None:
    rt = runtime(app)
    moment = seed_start(rt) + timedelta(minutes=90)  # the staging site is set up, not yet known
    known = picture_at(rt.store.engine, moment, "known").incidents
    happened = picture_at(rt.store.engine, moment, "happened").incidents
    assert len(known) > 0
    assert "staging-paramount" in set(happened["id"])
    assert "staging-paramount" not in set(known["id"])


def test_dem003_playback_lists_the_local_agencies_nobody_told_as_live_does(app: Dash) -> None:
    rt = runtime(app)
    now = datetime.now(UTC) + timedelta(seconds=1)
    live = current_tracks(rt)
    live_staging = sorted(live[live["incident_id"] == "staging-paramount"]["agency_id"])
    assert live_staging == ["lasd", "paramount-city"]  # local, and nobody claimed to tell them
    for basis in ("happened", "known"):
        played = played_base(rt, now, basis).tracks
        pairs = sorted(zip(played["incident_id"], played["agency_id"], strict=True))
        assert pairs == sorted(zip(live["incident_id"], live["agency_id"], strict=True))
    earlier = played_base(rt, seed_start(rt) + timedelta(minutes=90), "happened").tracks
    assert sorted(earlier[earlier["incident_id"] == "staging-paramount"]["agency_id"]) == [
        "lasd",
        "paramount-city",
    ]


def test_dem004_playback_filtered_by_city_keeps_the_staging_site_untold(app: Dash) -> None:
    rt = runtime(app)
    moment = seed_start(rt) + timedelta(minutes=150)
    for basis in ("happened", "known"):
        state = AnalyzeState(cities=("paramount",), at=moment, basis=basis)
        rows = compute(rt, state, datetime.now(UTC)).rows
        staging = rows[rows["incident_id"] == "staging-paramount"]
        assert sorted(staging["agency_id"]) == ["lasd", "paramount-city"], basis


def test_dem005_a_feed_protest_lies_inside_the_city_it_names(app: Dash) -> None:
    rt = runtime(app)
    feed = DemoFeed(rt.store, interval_s=1.0, seed=5)
    locality = rt.reference().locality
    now = datetime.now(UTC)
    for _ in range(200):
        event = feed._new_protest(now)
        assert event.incident is not None
        inside = locality.jurisdictions_at(event.incident.lat, event.incident.lon)
        assert event.incident.city in inside, (event.incident.city, inside)


def test_dem006_at_start_up_no_demo_feed_looks_silent(app: Dash) -> None:
    alarms = current_alarms(runtime(app))
    assert "source_silent" not in set(alarms["kind"]), alarms[alarms["kind"] == "source_silent"]
    assert "not_told" in set(alarms["kind"])  # the story's alarm stands

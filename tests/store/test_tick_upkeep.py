"""The per-seq upkeep of notice, tracks and snapshot costs the changed incidents only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from dashboard.demo.scenario import JURISDICTIONS
from dashboard.ingest.models import Event
from dashboard.read import tracking
from dashboard.read.tracking import current_notice, current_tracks
from dashboard.read.view_snapshot import snapshot
from dashboard.rules.filters import ViewFilter
from dashboard.runtime import runtime

MANY = 2_000


def reported(n: int, at: datetime) -> Event:
    """Return the report of incident `u<n>` in one of the demo cities."""
    city = JURISDICTIONS[n % len(JURISDICTIONS)]
    return Event.model_validate(
        {"source": "t", "event_id": f"r{n}", "type": "incident.reported", "occurred_at": at,
         "incident_id": f"u{n}", "incident": {"kind": ("operation", "staging", "protest")[n % 3],
         "title": f"U {n}", "lat": city["lat"], "lon": city["lon"], "city": city["id"],
         "started_at": at - timedelta(hours=1)}}
    )  # fmt: skip


def spy(monkeypatch: pytest.MonkeyPatch, name: str, sizes: list[int], arg: int) -> None:
    """Record how many incidents each call of a per-incident builder in tracking is given."""
    real = getattr(tracking, name)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        sizes.append(len(args[arg]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tracking, name, recorded)


def spy_lookups(monkeypatch: pytest.MonkeyPatch, sizes: list[int]) -> None:
    """Record how many values each `isin` looks rows up against (a whole-picture set is N)."""
    for owner in (pd.Series, pd.Index):
        real = owner.isin

        def recorded(self: Any, values: Any, *rest: Any, _real: Any = real) -> Any:
            sizes.append(len(values))
            return _real(self, values, *rest)

        monkeypatch.setattr(owner, "isin", recorded)


def test_upk001_one_change_among_thousands_folds_one_incident(app, monkeypatch) -> None:
    rt = runtime(app.server)
    now = datetime.now(UTC)
    rt.store.append([reported(n, now) for n in range(MANY)])
    with app.server.test_request_context():
        assert len(rt.picture.incidents) > MANY
        first = snapshot(rt, ViewFilter(), now)
        notice = current_notice(rt, now)
        current_tracks(rt)  # kept at this seq
    tracked: list[int] = []
    noticed: list[int] = []
    spy(monkeypatch, "notification_tracks", tracked, 1)
    spy(monkeypatch, "incident_notice", noticed, 0)
    looked_up: list[int] = []
    spy_lookups(monkeypatch, looked_up)
    rt.store.append(
        [
            Event.model_validate(
                {"source": "t", "event_id": "x1", "type": "incident.updated",
                 "occurred_at": now, "incident_id": "u7", "incident": {"crowd_size": 70}}
            )
        ]
    )  # fmt: skip
    with app.server.test_request_context():
        kept = snapshot(rt, ViewFilter(), now)
        assert kept.seq == rt.picture.seq
        assert kept.visible.set_index("id").at["u7", "crowd_size"] == 70
        # The changed row is replaced in place: the visible frame keeps its index.
        assert kept.visible.index is first.visible.index
        assert current_notice(rt, now).index is notice.index
        # A tick's upkeep folds the one changed incident, never the whole picture.
        assert noticed == [1]
        assert tracked == [1]
        # No step matches rows against the whole picture's ids (a hash of every incident).
        assert looked_up and max(looked_up) < 10
        # The kept tracks, read later, merge that incident alone too.
        tracks = current_tracks(rt)
        assert tracked == [1, 1]
        assert (tracks["incident_id"] == "u7").any()
        assert "u7" in current_notice(rt, now).index

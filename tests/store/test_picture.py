"""The in-memory picture follows the store from seq deltas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import event

from dashboard.ingest.models import Event
from dashboard.read.picture import Picture, history_frames
from dashboard.runtime import runtime
from dashboard.store import Store
from dashboard.store.projection import rebuild
from tests.factories import at, reported, step, updated


def test_pic001_sync_applies_changes_and_appends_new_incidents_in_order(store: Store) -> None:
    store.append([reported("a"), reported("b"), reported("c")])
    picture = Picture(store)
    assert picture.sync() == 3
    store.append([updated("b", 90, status="contained", crowd_size=70), reported("d")])
    store.append([step("notification.sent", "a", "lapd", -10)])
    assert picture.sync() == 6
    frame = picture.incidents
    assert list(frame["id"]) == ["a", "b", "c", "d"]
    assert frame.loc["b", "status"] == "contained" and frame.loc["b", "crowd_size"] == 70
    assert frame.loc["a", "notified"] == ["lapd"]
    assert frame.loc["c", "notified"] == []
    assert str(frame["started_at"].dtype) == "datetime64[us, UTC]"
    assert set(picture.changed_since(3)["id"]) == {"a", "b", "d"}
    assert len(picture.claims) == 1


def test_pic002_a_kind_or_city_change_marks_the_layout_changed(store: Store) -> None:
    store.append([reported("a"), reported("b")])
    picture = Picture(store)
    picture.sync()
    assert picture.layout_changed_at == 0
    store.append([updated("a", 60, kind="protest")])
    picture.sync()
    assert picture.layout_changed_at == 3
    store.append([updated("b", 60, city="paramount")])
    picture.sync()
    assert picture.layout_changed_at == 4


def test_pic003_unchanged_store_means_no_query(store: Store) -> None:
    store.append([reported("a")])
    picture = Picture(store)
    picture.sync()
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for _ in range(50):
        picture.sync()
    assert statements == []


def closed(incident_id: str, when: datetime) -> Event:
    return Event(
        source="test",
        event_id=f"close-{incident_id}-{when.timestamp()}",
        type="incident.closed",
        occurred_at=when,
        incident_id=incident_id,
    )


def test_pic004_the_picture_holds_open_and_recently_closed_incidents_only(store: Store) -> None:
    """Closed 30 h ago is history; closed 2 h ago or still open stays live (window 24 h)."""
    now = datetime.now(UTC)
    store.append([reported("open-old"), reported("closed-old"), reported("closed-new")])
    store.append([step("notification.sent", "closed-old", "lapd", 5)])
    store.append([closed("closed-old", now - timedelta(hours=30))])
    store.append([closed("closed-new", now - timedelta(hours=2))])
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    picture = Picture(store, timedelta(hours=24))
    picture.sync()
    assert set(picture.incidents["id"]) == {"open-old", "closed-new"}
    assert "closed-old" not in set(picture.claims["incident_id"])
    # The first load asks SQL for the live set only; it does not fetch history to drop it.
    assert any("status" in s and "updated_at" in s for s in statements)
    # History is still in SQL, for the API.
    history, claims = history_frames(store)
    assert set(history["id"]) == {"open-old", "closed-old", "closed-new"}
    assert list(claims["incident_id"]) == ["closed-old"]


def test_pic005_an_incident_leaves_the_picture_once_closed_past_the_window(store: Store) -> None:
    now = datetime.now(UTC)
    store.append([reported("a"), reported("b")])
    picture = Picture(store, timedelta(hours=24))
    picture.sync()
    start = now - timedelta(hours=1)
    assert not picture.expired_between(start, now)
    store.append([closed("a", now - timedelta(hours=25))])
    picture.sync()
    assert list(picture.incidents["id"]) == ["b"]
    store.append([closed("b", now - timedelta(hours=23, minutes=59))])
    picture.sync()
    assert list(picture.incidents["id"]) == ["b"]
    # Two minutes on, b has left the window: the browsers' view is told, with no SQL.
    assert picture.expired_between(now, now + timedelta(minutes=2))


def test_pic006_a_tracking_event_moves_updated_at_and_refetches_the_incident(
    store: Store,
) -> None:
    store.append([reported("a", 0), reported("b", 0)])
    picture = Picture(store)
    picture.sync()
    seq = picture.seq
    store.append([step("notification.sent", "a", "lapd", 40)])
    picture.sync()
    assert list(picture.changed_since(seq)["id"]) == ["a"]
    assert picture.incidents.loc["a", "updated_at"] == pd.Timestamp(at(40))
    assert picture.incidents.loc["b", "updated_at"] == pd.Timestamp(at(0))
    # An earlier step never moves it back; a later incident event keeps the latest time.
    store.append([step("notification.acknowledged", "a", "lapd", 10), updated("a", 20)])
    picture.sync()
    assert picture.incidents.loc["a", "updated_at"] == pd.Timestamp(at(40))
    assert rebuild(store.engine) > 0
    rebuilt = Picture(store)
    rebuilt.sync()
    assert rebuilt.incidents.loc["a", "updated_at"] == pd.Timestamp(at(40))


def test_pic007_a_request_sees_the_picture_synced_once(app) -> None:
    """No view calls sync(): the accessor does it once per request, and only once."""
    rt = runtime(app.server)
    with app.server.test_request_context("/"):
        rt.store.append([reported("p1", city="chicago")])
        assert "p1" in rt.picture.incidents.index
        seq = rt.picture.seq
        rt.store.append([reported("p2", city="chicago")])
        assert rt.picture.seq == seq  # one request, one consistent picture
    with app.server.test_request_context("/"):
        assert "p2" in rt.picture.incidents.index

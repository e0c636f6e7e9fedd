"""The in-memory picture follows the store from seq deltas."""

from __future__ import annotations

from dashboard.read.picture import Picture
from dashboard.runtime import runtime
from dashboard.store import Store
from tests.factories import reported, step, updated


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
    from sqlalchemy import event

    store.append([reported("a")])
    picture = Picture(store)
    picture.sync()
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for _ in range(50):
        picture.sync()
    assert statements == []


def test_pic004_a_request_sees_the_picture_synced_once(app) -> None:
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

"""Health says the database cannot take writes when SQLite's file is full, with Retry-After."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text

from tests.reliability.conftest import GOOD_EVENT, Api, assert_error


def batch(n: int, size: int) -> dict[str, Any]:
    """Return `size` valid reports, numbered from n."""
    return {
        "events": [
            {**GOOD_EVENT, "event_id": f"fill-{i}", "incident_id": f"fill-{i}"}
            for i in range(n, n + size)
        ]
    }


def fill(api: Api, size: int, start: int) -> list[int]:
    """Post batches of `size` until one is refused (at most 100 batches); return statuses."""
    answers = []
    for n in range(start, start + 100 * size, size):
        answers.append(api.post("/events", json=batch(n, size)).status_code)
        if answers[-1] != 200:
            break
    return answers


def test_rel072_health_is_503_while_a_full_sqlite_file_refuses_writes(api: Api) -> None:
    engine = api.runtime.store.engine
    assert engine.dialect.name == "sqlite"
    assert api.get("/health", anonymous=True).status_code == 200
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()

    # SQLite answers SQLITE_FULL ("database or disk is full") at this many pages, exactly
    # as on a full disk; the limit is per connection, so new connections get it.
    def cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    try:
        # Fill in batches, then one event at a time: the last free pages go too.
        answers = fill(api, 50, 0) + fill(api, 1, 10_000)
        assert answers[-1] == 503 and set(answers) == {200, 503}  # writes fail: retry later
        assert api.get("/events?after=0").status_code == 200  # reads still answer
        body = assert_error(api.get("/health", anonymous=True), 503, "database_unavailable")
        assert "full" in body["message"]
        api.runtime.store.write_probe.every_s = 0  # the probe itself, not the failed append
        refused = api.get("/health", anonymous=True)
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()
    assert api.get("/health", anonymous=True).status_code == 200  # room again: writable

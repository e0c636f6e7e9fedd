"""What a write costs in SQL statements, and the token cache that saves a lookup per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, update

from dashboard.store.schema import api_tokens
from dashboard.store.tokens import create_token, find_token, hash_token
from tests.api.conftest import Api, assert_error
from tests.api.events_data import report, step

# Per single-event POST: BEGIN, resends, references, INSERT ... RETURNING seq, then the
# projection (a report: its events, its spans, the upsert; a step: superseded,
# claim, bump). The token lookup is cached; COMMIT is not a cursor statement.
REPORT_STATEMENTS = 7
STEP_STATEMENTS = 7


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Collect every SQL statement the engine sends while the block runs."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_api118_a_single_post_costs_a_bounded_number_of_statements(api: Api) -> None:
    engine = api.runtime.store.engine
    assert api.post("/events", json=report("warm")).status_code == 200  # token now cached
    with counted(engine) as statements:
        assert api.post("/events", json=report("inc-1")).status_code == 200
    assert len(statements) <= REPORT_STATEMENTS, statements
    assert not any("api_tokens" in s for s in statements)
    with counted(engine) as statements:
        assert api.post("/events", json=step("notification.sent")).status_code == 200
    assert len(statements) <= STEP_STATEMENTS, statements


def test_api119_a_batch_costs_as_many_statements_as_one_event(api: Api) -> None:
    engine = api.runtime.store.engine
    api.post("/events", json=report("warm"))

    def batch_statements(prefix: str, size: int) -> int:
        events = []
        for n in range(size):
            events.append(report(f"{prefix}{n}"))
            events.append(step("notification.sent", f"{prefix}{n}"))
        with counted(engine) as statements:
            answer = api.post("/events", json={"events": events})
        assert answer.status_code == 200 and answer.get_json()["accepted"] == 2 * size
        return len(statements)

    assert batch_statements("small", 2) == batch_statements("large", 200)


def test_api120_a_token_revoked_elsewhere_is_refused_within_the_cache_time(api: Api) -> None:
    engine = api.runtime.store.engine
    secret = create_token(engine, "cached", ["test"])
    now = [1000.0]
    assert find_token(engine, secret, cache_s=5, clock=lambda: now[0]) is not None
    # Another process revokes it: only the row changes, this process's cache does not.
    with engine.begin() as conn:
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.token_hash == hash_token(secret))
            .values(revoked_at=datetime.now(UTC))
        )
    now[0] += 4.9
    assert find_token(engine, secret, cache_s=5, clock=lambda: now[0]) is not None
    now[0] += 0.2
    assert find_token(engine, secret, cache_s=5, clock=lambda: now[0]) is None
    assert find_token(engine, secret, cache_s=5, clock=lambda: now[0]) is None


def test_api121_with_no_cache_time_a_revocation_elsewhere_applies_at_once(make: Any) -> None:
    api = make(token_cache_s=0.0)
    assert api.post("/events", json=report("a")).status_code == 200
    with api.runtime.store.engine.begin() as conn:
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.token_hash == hash_token(api.writer))
            .values(revoked_at=datetime.now(UTC))
        )
    assert_error(api.post("/events", json=report("b")), 401, "unauthorized")

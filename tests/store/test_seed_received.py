"""The trusted seeding path stores each event's own receive time, in receive order only."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from dashboard.store import Store
from dashboard.store.schema import events
from tests.factories import at, reported, step


def stored_times(store: Store) -> list[tuple[str, pd.Timestamp]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(events.c.event_id, events.c.received_at).order_by(events.c.seq))
        return [(r.event_id, pd.Timestamp(r.received_at)) for r in rows]


def test_seed001_each_event_keeps_its_receive_time_and_seq_follows_it(store: Store) -> None:
    first, second = reported("a", 0), step("notification.sent", "a", "lapd", 5)
    store.seed_received([first, second], [at(2), at(50)])
    found = stored_times(store)
    assert [e for e, _ in found] == [first.event_id, second.event_id]
    assert [t.tz_convert("UTC") if t.tzinfo else t.tz_localize("UTC") for _, t in found] == [
        pd.Timestamp(at(2)),
        pd.Timestamp(at(50)),
    ]


def test_seed002_times_out_of_receive_order_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="order they were received"):
        store.seed_received([reported("a", 0), reported("b", 1)], [at(9), at(3)])
    with pytest.raises(ValueError, match="one receive time per event"):
        store.seed_received([reported("a", 0)], [])
    assert stored_times(store) == []


def test_seed003_a_seed_cannot_arrive_before_what_is_stored(store: Store) -> None:
    live = reported("a", 0)
    store.append([live], received_at=at(30))
    with pytest.raises(ValueError, match="before events already stored"):
        store.seed_received([reported("b", 0)], [at(10)])
    assert [e for e, _ in stored_times(store)] == [live.event_id]

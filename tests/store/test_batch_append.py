"""A batch is checked and projected as its events would be one by one."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest.models import Event
from dashboard.store import EventsRejected, Store, queries
from dashboard.store.projection import rebuild
from tests.factories import at, reported, step, updated


def retraction(target: Event, incident_id: str, event_id: str = "r-1") -> Event:
    """Return an admin's retraction of `target`, said to be about `incident_id`."""
    return Event(
        source="admin:ann",
        event_id=event_id,
        type="retraction",
        occurred_at=at(30),
        incident_id=incident_id,
        data={"retracts": {"source": target.source, "event_id": target.event_id},
              "reason": "typo"},
    )  # fmt: skip


def picture(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Return the incidents and claims rows, sorted, as strings."""
    with store.engine.connect() as conn:
        found = queries.incidents_frame(conn), queries.claims_frame(conn)
    return tuple(
        sorted(tuple(map(str, row)) for row in frame.itertuples(index=False)) for frame in found
    )  # type: ignore[return-value]


def test_st020_a_batch_may_retract_an_event_sent_earlier_in_it(store: Store) -> None:
    wrong = updated("a", 5, crowd_size=5000)
    told = step("notification.sent", "a", "lapd", 6)
    result = store.append([reported("a"), wrong, told, retraction(wrong, "a")])
    assert result.accepted == 4
    with store.engine.connect() as conn:
        row = queries.incidents_frame(conn).set_index("id").loc["a"]
    assert pd.isna(row["crowd_size"])  # the report's, not the retracted update's
    before = picture(store)
    rebuild(store.engine)
    assert picture(store) == before


def test_st021_a_retraction_in_a_batch_must_name_its_own_incident(store: Store) -> None:
    other = reported("b")
    with pytest.raises(EventsRejected) as caught:
        store.append([reported("a"), other, retraction(other, "a")])
    assert [(p.index, p.code) for p in caught.value.problems] == [(2, "invalid_event")]
    with pytest.raises(EventsRejected) as caught:
        store.append([reported("c"), retraction(updated("c", 1), "c")])
    assert [(p.index, p.code) for p in caught.value.problems] == [(1, "unknown_event")]

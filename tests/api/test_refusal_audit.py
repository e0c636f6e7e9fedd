"""Refused requests are audited without turning a flood into serialised writes."""

from __future__ import annotations

from dashboard.security.audit import recent
from dashboard.security.refusals import Refusals
from tests.api.conftest import Api


def test_api100_a_flood_of_anonymous_refusals_writes_one_row_first(api: Api) -> None:
    engine = api.runtime.store.engine
    for _ in range(40):
        assert api.get("/alarms", anonymous=True).status_code == 401
    rows = recent(engine, action="refused")
    assert len(rows) == 1
    assert rows["actor"].iloc[0] == "anonymous"
    assert rows["detail"].iloc[0] == "GET /api/v1/alarms: unauthorized"
    # A stranger's refusals are one row per address and minute (test_rel071): another
    # route from the same address is counted, another address is recorded at once.
    api.get("/audit", anonymous=True)
    assert len(recent(engine, action="refused")) == 1
    api.client.get("/api/v1/audit", environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert len(recent(engine, action="refused")) == 2


def test_api101_repeats_are_counted_into_the_next_row_of_their_key() -> None:
    tally = Refusals(window_s=60)
    key = ("anonymous", "401 GET /x", "10.0.0.1")
    assert tally.note(key, now=0) == 1
    assert [tally.note(key, now=t) for t in range(1, 30)] == [None] * 29
    assert tally.note(key, now=61) == 30  # this row stands for itself and the 29 held back
    assert tally.note(("anonymous", "401 GET /x", "10.0.0.2"), now=62) == 1

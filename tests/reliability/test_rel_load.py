"""The load run, shortened for CI: walls, an operator and a feed at once, no error, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.load import Plan, run

# The full run is `python -m benchmarks.load` (500 walls, 200 events/s, 10 minutes).
CI_PLAN = {"walls": 50, "events_per_s": 20.0, "actions_per_min": 50.0, "duration_s": 30.0}


@pytest.mark.postgres
@pytest.mark.redis
def test_rel150_a_short_load_run_on_two_workers_has_no_error_and_loses_no_event(
    pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    report = run(Plan(**CI_PLAN, client_threads=16, database_url=pg_url, redis_url=redis_url),
                 label="ci", results=tmp_path)  # fmt: skip
    assert report["errors"] == {}, report["error_samples"]
    assert report["events_lost"] == 0
    assert report["events_acknowledged"] > 0
    assert report["operator_actions"] > 0
    assert report["operator_events_stored"] == report["operator_actions"]
    assert report["routes"]["wall tick"]["count"] > 50  # every wall ticked
    assert len(report["worker_rss_mib_end"]) == 2

"""Opening, reopening and migrating stores, and refusing URLs that cannot be opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from dashboard.store import Store, StoreUnavailable, queries
from dashboard.store.engine import make_engine
from dashboard.store.migrate import current_revision, head_revision, upgrade
from tests.factories import reported, step

ROOT = Path(__file__).resolve().parents[2]


def test_lif001_reopening_a_sqlite_file_finds_everything(sqlite_url: str) -> None:
    first = Store.open(sqlite_url)
    from dashboard.demo.feed import seed_reference_data

    seed_reference_data(first)
    first.append([reported("a"), step("notification.sent", "a", "lapd", -30)])
    first.close()
    again = Store.open(sqlite_url)
    with again.engine.connect() as conn:
        assert list(queries.incidents_frame(conn)["id"]) == ["a"]
        assert len(queries.claims_frame(conn)) == 1
        assert queries.latest_seq(conn) == 2
    assert again.latest_seq() == 2
    assert again.append([reported("a")]).duplicates == 0  # new event_id, same incident
    again.close()


def test_lif002_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_lif003_old_schema_is_migrated_in_place_not_wiped(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO jurisdictions (id, name, state, lat, lon) "
                "VALUES ('x', 'X', 'CA', 1, 2)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO events (source, event_id, type, occurred_at, received_at, incident_id,"
                " payload, body_hash) VALUES ('s', 'e', 'note.added', '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00', 'i', '{}', 'h')"
            )
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    store = Store.open(database_url)
    assert current_revision(store.engine) == head_revision()
    columns = {c["name"] for c in inspect(store.engine).get_columns("jurisdictions")}
    assert "tz" in columns
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT tz FROM jurisdictions WHERE id='x'")).scalar() == "UTC"
        assert queries.latest_seq(conn) == 1
    store.close()


def test_lif004_unopenable_url_is_a_one_line_error_naming_the_setting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/missing-dir/sub/headsup.db"
    with pytest.raises(StoreUnavailable, match="DATABASE_URL="):
        Store.open(url)
    with pytest.raises(StoreUnavailable, match="DATABASE_URL="):
        Store.open("nonsense://")


def test_lif005_app_stops_at_start_with_one_line_naming_database_url(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "PATH": "/usr/bin:/bin",
        "HEADSUP_DEMO": "0",
    }
    done = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("headsup: DATABASE_URL=")

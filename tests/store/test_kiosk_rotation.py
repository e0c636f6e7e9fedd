"""A kiosk's rotation, stored with it (SQLite and PostgreSQL) and set from the command line."""

from __future__ import annotations

import pytest
from dash import Dash

from dashboard.security.accounts import AccountError
from dashboard.security.kiosks import create_kiosk, kiosk_rotation, list_kiosks
from dashboard.store import Store
from tests.security.test_sec_audit import run_cli


def test_wal101_kiosk_keeps_its_rotation_and_its_cities_in_order(store: Store) -> None:
    engine = store.engine
    create_kiosk(engine, "lobby", ["portland", "chicago"], "t", "t", rotate_s=30)
    create_kiosk(engine, "still", ["chicago"], "t", "t")
    assert kiosk_rotation(engine, "lobby") == 30
    assert kiosk_rotation(engine, "still") is None
    rows = list_kiosks(engine).set_index("name")
    assert rows.loc["lobby", "cities"] == '["portland", "chicago"]'  # the order they rotate in


def test_wal102_rotation_needs_two_cities_and_a_readable_period(store: Store) -> None:
    with pytest.raises(AccountError, match="at least two cities"):
        create_kiosk(store.engine, "one", ["chicago"], "t", "t", rotate_s=30)
    with pytest.raises(AccountError, match="at least 5"):
        create_kiosk(store.engine, "fast", ["chicago", "portland"], "t", "t", rotate_s=1)


def test_wal103_kiosk_create_takes_rotate_from_the_command_line(
    app: Dash, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("kiosk", "create", "lobby", "--cities", "los-angeles", "chicago", "--rotate", "30")
    link = run_cli(monkeypatch, app, *args).strip()
    assert "/wall?token=" in link
    assert "rotate 30 s" in run_cli(monkeypatch, app, "kiosk", "list")
    engine = app.server.extensions["headsup"].store.engine
    assert kiosk_rotation(engine, "lobby") == 30

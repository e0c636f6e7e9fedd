"""`headsup agencies`: assign, list and unassign a city's agencies from the command line."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.demo.feed import seed_reference_data
from dashboard.store import Store


def test_trk801_assign_list_unassign(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    store = Store.open(sqlite_url)
    seed_reference_data(store)
    store.close()
    assert main(["agencies", "assign", "los-angeles", "lasd"]) == 0
    assert main(["agencies", "assign", "los-angeles", "lasd"]) == 0
    assert main(["agencies", "list"]) == 0
    assert main(["agencies", "unassign", "los-angeles", "lasd"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "lasd now belongs to los-angeles"
    assert out[1] == "lasd already belonged to los-angeles"
    assert "los-angeles: la-mayor, lapd, lasd" in out
    assert out[-1] == "lasd removed from los-angeles"


def test_trk802_unknown_city_is_a_one_line_error(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["agencies", "assign", "atlantis", "lasd"]) == 2
    assert capsys.readouterr().err == "headsup: unknown city 'atlantis'\n"

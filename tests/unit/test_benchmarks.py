"""Every benchmark runs once at a tiny size, so none rots between full runs."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The browser bench runs in tests/browser/test_bench_browser.py.
TINY_BENCHES = ("ingest", "api", "reference", "tick", "map", "analyze", "history")


def _forget_benchmarks() -> None:
    """Drop imported benchmark modules: they read their sizes when imported."""
    for name in [m for m in sys.modules if m == "benchmarks" or m.startswith("benchmarks.")]:
        del sys.modules[name]


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Run benchmarks at the tiny size, with results in a temporary folder."""
    monkeypatch.setenv("HEADSUP_BENCH_SIZE", "tiny")
    monkeypatch.setenv("HEADSUP_BENCH_RESULTS", str(tmp_path))
    _forget_benchmarks()
    yield tmp_path
    _forget_benchmarks()


@pytest.mark.parametrize("name", TINY_BENCHES)
def test_bench001_each_benchmark_runs_at_a_tiny_size(tiny: Path, name: str) -> None:
    importlib.import_module(f"benchmarks.bench_{name}").main()
    saved = json.loads((tiny / f"{name}.json").read_text())
    assert saved["rows"] and all(row["value"] is not None for row in saved["rows"])


def test_bench002_the_readme_table_names_each_baseline(tiny: Path) -> None:
    importlib.import_module("benchmarks.bench_api").main()
    table = importlib.import_module("benchmarks.report").table()
    assert "| Baseline is |" in table
    assert "pandas.read_sql_table" in table
    assert "median of three" in table


def test_bench003_a_tiny_run_leaves_the_readme_alone(tiny: Path) -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    before = readme.read_text()
    assert importlib.import_module("benchmarks.__main__").main(["reference"]) == 0
    assert (tiny / "reference.json").exists()
    assert readme.read_text() == before


def test_bench004_the_runner_lists_every_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    runner = importlib.import_module("benchmarks.__main__")
    assert runner.main(["--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert {*TINY_BENCHES, "browser"} <= set(listed)
    assert runner.main(["nope"]) == 2

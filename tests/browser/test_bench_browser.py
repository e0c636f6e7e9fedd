"""The browser benchmark runs once at a tiny size, so it does not rot between full runs."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest


def test_bench010_the_browser_benchmark_runs_at_a_tiny_size(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HEADSUP_BENCH_SIZE", "tiny")
    monkeypatch.setenv("HEADSUP_BENCH_RESULTS", str(tmp_path))
    for name in [m for m in sys.modules if m == "benchmarks" or m.startswith("benchmarks.")]:
        del sys.modules[name]
    try:
        importlib.import_module("benchmarks.bench_browser").main()
    finally:
        for name in [m for m in sys.modules if m.startswith("benchmarks")]:
            del sys.modules[name]
    rows = {row["case"]: row for row in json.loads((tmp_path / "browser.json").read_text())["rows"]}
    assert rows["first paint at 60"]["baseline"] > 0
    assert rows["server RSS after 1 page loads at 60"]["value"] > 0
    assert any(case.startswith("POST → drawn p95") for case in rows)

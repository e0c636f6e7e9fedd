"""Run every benchmarks/bench_*.py module, then rebuild the README performance table."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from benchmarks.common import TINY
from benchmarks.report import update_readme


def main(names: list[str]) -> int:
    """Run the named benchmarks (all by default) and refresh the README."""
    here = Path(__file__).resolve().parent
    modules = sorted(p.stem for p in here.glob("bench_*.py"))
    for module in modules:
        if names and module.removeprefix("bench_") not in names:
            continue
        print(f"== {module}", flush=True)
        importlib.import_module(f"benchmarks.{module}").main()
    if not TINY:  # a toy run checks the code, it does not replace the measured table
        update_readme()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

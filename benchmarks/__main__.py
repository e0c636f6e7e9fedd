"""Run every benchmarks/bench_*.py module, then rebuild the README performance table.

`python -m benchmarks --list` names them; `python -m benchmarks ingest api` runs two.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from benchmarks.common import TINY
from benchmarks.report import update_readme


def benchmarks() -> list[str]:
    """Return the benchmark names, one per benchmarks/bench_<name>.py."""
    here = Path(__file__).resolve().parent
    return sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))


def main(names: list[str]) -> int:
    """Run the named benchmarks (all by default) and refresh the README."""
    if names == ["--list"]:
        print("\n".join(benchmarks()))
        return 0
    unknown = set(names) - set(benchmarks())
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; see --list", file=sys.stderr)
        return 2
    modules = [f"bench_{name}" for name in benchmarks()]
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

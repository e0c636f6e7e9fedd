"""Write a benchmark's results JSON and rebuild the README's performance table from all."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# A tiny CI run writes elsewhere, so it never replaces the measured figures.
RESULTS = Path(os.environ.get("HEADSUP_BENCH_RESULTS", ROOT / "benchmarks" / "results"))
README = ROOT / "README.md"
START, END = "<!-- perf:start -->", "<!-- perf:end -->"


def save(name: str, title: str, rows: list[dict[str, Any]]) -> Path:
    """Print the rows and store them as benchmarks/results/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for row in rows:
        ratio = f"  ({row['ratio']:.3g}x vs baseline)" if row.get("ratio") else ""
        print(
            f"{title} | {row['case']}: {row['value']:.4g} {row['unit']}"
            f" | baseline {row.get('baseline', float('nan')):.4g}{ratio}",
            flush=True,
        )
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    path = RESULTS / f"{name}.json"
    path.write_text(
        json.dumps({"name": name, "title": title, "machine": machine, "rows": rows}, indent=2)
        + "\n"
    )
    return path


def _cell(value: float | None, unit: str = "", spread: float | None = None) -> str:
    if value is None:
        return ""
    text = f"{value:.4g} {unit}".strip()
    return f"{text} (±{spread / 2:.2g})" if spread else text


def _ratio(row: dict[str, Any]) -> str:
    if not row.get("ratio"):
        return ""
    return f"{row['ratio']:.3g}x"


def _baseline_is(row: dict[str, Any]) -> str:
    if row.get("baseline") is None:
        return ""
    return row.get("baseline_is") or "the naive version in the same process"


def table() -> str:
    """Render every results file as one Markdown table."""
    lines = [
        "| Benchmark | Case | Heads-Up | Baseline | Baseline is | Ratio |",
        "|---|---|---|---|---|---|",
    ]
    machine = ""
    for path in sorted(RESULTS.glob("*.json")):
        result = json.loads(path.read_text())
        machine = result.get("machine", machine)
        for row in result["rows"]:
            lines.append(
                f"| {result['title']} | {row['case']} | "
                f"{_cell(row['value'], row['unit'], row.get('spread'))} | "
                f"{_cell(row.get('baseline'), row['unit'], row.get('baseline_spread'))} | "
                f"{_baseline_is(row)} | "
                f"{_ratio(row)} |"
            )
    note = (
        f"Measured with `python -m benchmarks` on 2 cores ({machine}); regenerate with the "
        "same command (`HEADSUP_BENCH_SIZE=tiny` for a quick run that writes elsewhere). "
        "Each figure is the median of three runs, ± half their spread; each baseline runs "
        'in the same process and run, and the ratio reads "times better than that '
        'baseline" (its rate over ours for times and sizes, ours over its for rates).'
    )
    return "\n".join([note, "", *lines])


def update_readme() -> None:
    """Replace the text between the perf markers in README.md."""
    text = README.read_text()
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table()}\n{END}{tail}")

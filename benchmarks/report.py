"""Write a benchmark's results JSON and rebuild the README's performance table from all."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
START, END = "<!-- perf:start -->", "<!-- perf:end -->"


def save(name: str, title: str, rows: list[dict[str, Any]]) -> Path:
    """Print the rows and store them as benchmarks/results/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for row in rows:
        ratio = f"  ({row['ratio']:.1f}x vs baseline)" if row.get("ratio") else ""
        print(
            f"{title} | {row['case']}: {row['value']:.4g} {row['unit']}"
            f" | baseline {row.get('baseline', float('nan')):.4g}{ratio}"
        )
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    path = RESULTS / f"{name}.json"
    path.write_text(
        json.dumps({"name": name, "title": title, "machine": machine, "rows": rows}, indent=2)
        + "\n"
    )
    return path


def _cell(value: float | None, unit: str = "") -> str:
    return "" if value is None else f"{value:.4g} {unit}".strip()


def table() -> str:
    """Render every results file as one Markdown table."""
    lines = ["| Benchmark | Case | Heads-Up | Naive baseline | Ratio |", "|---|---|---|---|---|"]
    machine = ""
    for path in sorted(RESULTS.glob("*.json")):
        result = json.loads(path.read_text())
        machine = result.get("machine", machine)
        for row in result["rows"]:
            ratio = f"{row['ratio']:.1f}x" if row.get("ratio") else ""
            lines.append(
                f"| {result['title']} | {row['case']} | {_cell(row['value'], row['unit'])} | "
                f"{_cell(row.get('baseline'), row['unit'])} | {ratio} |"
            )
    note = (
        f"Measured with `make bench` on 2 cores ({machine}); regenerate with the same "
        "command. Ratios compare with the naive baseline run in the same process."
    )
    return "\n".join([note, "", *lines])


def update_readme() -> None:
    """Replace the text between the perf markers in README.md."""
    text = README.read_text()
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table()}\n{END}{tail}")

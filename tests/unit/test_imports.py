"""Import edges that must not come back: the CLI and its `run` command stay one-way."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported(path: str) -> set[str]:
    """Return every module a file imports, at the top or inside functions."""
    tree = ast.parse((ROOT / path).read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_unit013_cli_and_serve_do_not_import_each_other() -> None:
    assert not any(n.startswith("dashboard.commands.serve") for n in imported("dashboard/cli.py"))
    assert "dashboard.cli" not in imported("dashboard/commands/serve.py")
    assert "dashboard.factory" in imported("dashboard/commands/serve.py")

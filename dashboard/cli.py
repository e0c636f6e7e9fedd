"""The `headsup` command: run the server and administer the store."""

from __future__ import annotations

import argparse
import sys

from dashboard.commands import COMMANDS
from dashboard.config import ConfigError
from dashboard.store.engine import StoreUnavailable


def parser() -> argparse.ArgumentParser:
    """Describe the sub-commands; each module in dashboard.commands adds its own."""
    top = argparse.ArgumentParser(prog="headsup", description=__doc__)
    subs = top.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.add_parser(subs)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (StoreUnavailable, ConfigError) as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        return 2

"""`headsup import FILE.csv`: bulk-load events with the API's validation, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dashboard.config import Config
from dashboard.ingest.csv_reader import read_csv
from dashboard.ingest.errors import InputError
from dashboard.store import EventsRejected, Store


def import_csv(args: argparse.Namespace) -> int:
    """Validate and store every row of the file; print each bad line and store none if any."""
    config = Config.from_env()
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
        read = read_csv(text, config.max_clock_skew_s)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"headsup: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    except InputError as exc:
        _report(args.file, exc.message, [(p.path, p.message) for p in exc.errors])
        return 1
    store = Store.open(config.database_url, config.redis_url)
    try:
        result = store.append(read.events)
    except EventsRejected as exc:
        problems = [(f"line {read.lines[p.index]}.{p.path}", p.message) for p in exc.problems]
        _report(args.file, "Some rows were refused; nothing was stored.", problems)
        return 1
    finally:
        store.close()
    print(f"accepted {result.accepted}, duplicates {result.duplicates}, last seq {result.last_seq}")
    return 0


def _report(file: str, message: str, problems: list[tuple[str, str]]) -> None:
    print(f"headsup: {file}: {message}", file=sys.stderr)
    for path, problem in problems:
        print(f"  {path}: {problem}", file=sys.stderr)


def add_parser(subs: Any) -> None:
    """Add `import`."""
    command = subs.add_parser("import", help="bulk-load events from a CSV file")
    command.add_argument("file", help="CSV with a header row; see the README for its columns")
    command.set_defaults(handler=import_csv)

"""Read events from CSV, one per row, with problems reported by line number."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.models import Event, IncidentFields, skew_context

INCIDENT_FIELDS = tuple(IncidentFields.model_fields)
EVENT_COLUMNS = ("source", "event_id", "type", "occurred_at", "incident_id", "agency")
DATA_COLUMNS = ("channel", "by", "text")
COLUMNS = (*EVENT_COLUMNS, *INCIDENT_FIELDS, *DATA_COLUMNS)
REQUIRED = ("source", "event_id", "type", "occurred_at", "incident_id")


@dataclass(frozen=True)
class CsvEvents:
    """The events of a CSV file, and the line each came from."""

    events: list[Event]
    lines: list[int]


def read_csv(text: str, skew_s: float | None = None) -> CsvEvents:
    """Return every row as a validated event, or raise InputError listing each bad line."""
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="(extra)")
    try:
        header = reader.fieldnames or []
        _check_header(header)
        events: list[Event] = []
        lines: list[int] = []
        problems: list[Problem] = []
        for row in reader:
            line = reader.line_num
            try:
                events.append(row_event(row, line, skew_s))
                lines.append(line)
            except InputError as exc:
                problems.extend(exc.errors)
    except csv.Error as exc:
        raise InputError(
            400,
            "malformed_csv",
            f"The CSV cannot be read: {exc}.",
            [Problem(f"line {reader.line_num}", str(exc))],
        ) from None
    if problems:
        bad = len({p.path.split(".")[0] for p in problems})
        raise InputError(
            422, "invalid_csv", f"{bad} lines are invalid; nothing was stored.", problems
        )
    if not events:
        raise InputError(
            422,
            "invalid_csv",
            "The CSV has no rows.",
            [Problem("line 1", "no rows after the header")],
        )
    return CsvEvents(events, lines)


def _check_header(header: Sequence[str]) -> None:
    problems = [
        Problem(f"line 1.{name}", "unknown column") for name in header if name not in COLUMNS
    ]
    problems += [
        Problem(f"line 1.{name}", "required column missing")
        for name in REQUIRED
        if name not in header
    ]
    if problems:
        raise InputError(
            422,
            "invalid_csv",
            f"The header must name columns among: {', '.join(COLUMNS)}.",
            problems,
        )


def row_event(row: dict[str, Any], line: int, skew_s: float | None = None) -> Event:
    """Validate one CSV row as an event; empty cells mean absent."""
    if row.get("(extra)"):
        raise InputError(
            422,
            "invalid_csv",
            "Row too long.",
            [Problem(f"line {line}", "more cells than columns")],
        )
    cells = {k: v.strip() for k, v in row.items() if isinstance(v, str) and v.strip()}
    event: dict[str, Any] = {name: cells[name] for name in EVENT_COLUMNS if name in cells}
    incident = {name: cells[name] for name in INCIDENT_FIELDS if name in cells}
    if incident:
        event["incident"] = incident
    data = {name: cells[name] for name in DATA_COLUMNS if name in cells}
    if data:
        event["data"] = data
    try:
        return Event.model_validate(event, context=skew_context(skew_s))
    except ValidationError as exc:
        # A cell is a column, not a nested field: `line 4.lat`, not `line 4.incident.lat`.
        problems = [
            Problem(p.path.replace(".incident.", ".").replace(".data.", "."), p.message)
            for p in validation_problems(exc, f"line {line}")
        ]
        raise InputError(422, "invalid_csv", "The row is invalid.", problems) from None

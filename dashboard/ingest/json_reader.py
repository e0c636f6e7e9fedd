"""Read JSON events: one event object, or `{"events": [...]}` up to the batch limit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.models import Event, skew_context

M = TypeVar("M", bound=BaseModel)


def load_json(body: bytes) -> Any:
    """Parse a JSON body, refusing bytes that are not UTF-8 JSON with a 400."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(400, "malformed_json", "The body is not UTF-8 text.") from None
    except RecursionError:
        raise InputError(400, "malformed_json", "The JSON is nested too deeply.") from None
    except ValueError as exc:  # JSONDecodeError, and over-long integers
        raise InputError(400, "malformed_json", f"The body is not valid JSON: {exc}.") from None


def validate_strictly(model: type[M], item: Any, skew_s: float | None = None) -> M:
    """Validate parsed JSON as JSON, strictly: `"local": 0` is no boolean, `"1.5"` no number."""
    return model.model_validate_json(json.dumps(item), strict=True, context=skew_context(skew_s))


@dataclass(frozen=True)
class JsonEvents:
    """The events of a body, and whether they came as a batch (which sets error paths)."""

    events: list[Event]
    batch: bool

    def path(self, index: int) -> str:
        """Return where event `index` sits in the body: `events[3]`, or '' for a lone event."""
        return f"events[{index}]" if self.batch else ""


def read_events(body: bytes, max_batch: int, skew_s: float | None = None) -> JsonEvents:
    """Return the validated events of a body, or raise InputError listing every bad one."""
    document = load_json(body)
    if isinstance(document, dict) and "events" in document:
        return JsonEvents(_read_batch(document, max_batch, skew_s), batch=True)
    if isinstance(document, dict):
        return JsonEvents([_read_one(document, "", skew_s)], batch=False)
    raise InputError(
        422,
        "invalid_events",
        'Expected one event object or {"events": [...]}.',
        [Problem("(body)", f"got {type(document).__name__}")],
    )


def _read_batch(document: dict[str, Any], max_batch: int, skew_s: float | None) -> list[Event]:
    items = document["events"]
    extra = sorted(set(document) - {"events"})
    if not isinstance(items, list) or extra:
        problems = [Problem(name, "unknown field") for name in extra]
        if not isinstance(items, list):
            problems.append(Problem("events", "must be a list of events"))
        raise InputError(422, "invalid_events", "The batch is not valid.", problems)
    if not items:
        raise InputError(422, "invalid_events", "The batch is empty.", [Problem("events", "empty")])
    if len(items) > max_batch:
        raise InputError(
            413,
            "batch_too_large",
            f"A batch may hold at most {max_batch} events; this one has {len(items)}.",
            [Problem("events", f"{len(items)} events, limit {max_batch}")],
        )
    events, problems = [], []
    for index, item in enumerate(items):
        try:
            events.append(_read_one(item, f"events[{index}]", skew_s))
        except InputError as exc:
            problems.extend(exc.errors)
    if problems:
        bad = len({p.path.split("]")[0] for p in problems})
        raise InputError(
            422,
            "invalid_events",
            f"{bad} of {len(items)} events are invalid; none was stored.",
            problems,
        )
    return events


def _read_one(item: Any, prefix: str, skew_s: float | None) -> Event:
    """Validate one event; problems carry the prefix, e.g. `events[3].occurred_at`."""
    if not isinstance(item, dict):
        raise InputError(
            422,
            "invalid_events",
            "An event must be an object.",
            [Problem(prefix or "(body)", "not an object")],
        )
    try:
        return validate_strictly(Event, item, skew_s)
    except ValidationError as exc:
        raise InputError(
            422,
            "invalid_events",
            "The event is invalid; it was not stored.",
            validation_problems(exc, prefix),
        ) from None

"""Small request helpers shared by the routes: content types, bodies, and storing events."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import request

from dashboard.ingest.errors import InputError, Problem
from dashboard.ingest.models import Event
from dashboard.runtime import runtime
from dashboard.security.access import capped_body
from dashboard.store import AppendResult, EventsRejected

JSON_TYPES = ("application/json",)
XML_TYPES = ("application/cap+xml", "application/xml", "text/xml")
CSV_TYPES = ("text/csv",)


def require_content_type(*accepted: str) -> None:
    """Answer 415 unless the request says it carries one of the accepted media types."""
    mimetype = request.mimetype
    if mimetype not in accepted and not (
        "application/json" in accepted and mimetype.endswith("+json")
    ):
        raise InputError(
            415,
            "unsupported_media_type",
            f"Send the body as {' or '.join(accepted)}; got {mimetype or 'no Content-Type'}.",
            [Problem("Content-Type", f"expected {accepted[0]}")],
        )


def body() -> bytes:
    """Return the raw body; over the size limit, declared or chunked, a 413."""
    return capped_body()


def store_events(batch: Sequence[Event], path_of: Callable[[int], str]) -> AppendResult:
    """Append a batch all or nothing, answering 409 or 422 with each refused event's path."""
    try:
        return runtime().store.append(batch)
    except EventsRejected as exc:
        problems = [Problem(join(path_of(p.index), p.path), p.message) for p in exc.problems]
        if exc.conflict:
            raise InputError(
                409,
                "conflict",
                "An event was already stored under the same (source, event_id) with a different "
                "body; nothing was stored.",
                problems,
            ) from None
        raise InputError(
            422,
            "unknown_reference",
            "Some events refer to an unknown incident, agency or city; nothing was stored.",
            problems,
        ) from None


def join(prefix: str, path: str) -> str:
    """Join an event's place in the body and a field: ('events[2]', 'agency')."""
    return f"{prefix}.{path}" if prefix else path


def reply(result: AppendResult) -> dict[str, int]:
    """Return the body of a successful write."""
    return {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "last_seq": result.last_seq,
    }

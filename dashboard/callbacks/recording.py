"""What every operator-action callback shares: who records, the append, the audit row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import html

from dashboard.ingest.models import Event
from dashboard.runtime import Runtime
from dashboard.security import Permission, audit_request, require
from dashboard.store import EventsRejected


@dataclass(frozen=True)
class Stored:
    """How an append went: stored, a resend of the same action, or refused with a reason."""

    ok: bool
    duplicate: bool = False
    problem: str = ""
    conflict: bool = False  # a resend whose body differs (e.g. "now" moved): stored once


def operator_source() -> str:
    """Return the event source of the signed-in operator; refuse anyone else (second line)."""
    return f"operator:{require(Permission.RECORD).name}"


def commit(rt: Runtime, event: Event) -> Stored:
    """Append one operator event through the store, and write it to the audit trail."""
    try:
        result = rt.store.append([event])
    except EventsRejected as exc:
        if exc.conflict:  # the same form submitted twice: the first one was stored
            return Stored(True, duplicate=True, conflict=True)
        return Stored(False, problem=str(exc))
    if result.accepted:
        audit_request(event.type, "ok", f"{event.incident_id} {event.event_id}")
    return Stored(True, duplicate=bool(result.duplicates))


def status_line(ok: bool, message: str) -> html.Span:
    """Return the message an operator reads under a form."""
    return html.Span(message, className="action-ok" if ok else "action-error")


def answer(ok: bool, message: str, key: Any) -> tuple[html.Span, dict[str, Any]]:
    """Return the status line and the result that makes the browser draw a new key."""
    return status_line(ok, message), {"ok": ok, "message": message, "key": key}

"""The one error shape of every input: a status, a short code, a sentence, and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

# Pydantic's wording, rephrased where a sender would not know what it means.
FRIENDLIER = {
    "timezone_aware": "timezone required",
    "missing": "field required",
    "extra_forbidden": "unknown field",
    "finite_number": "must be a finite number",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where: `events[3].occurred_at`, `line 4.lat`."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """Return the problem as it appears in the `errors` list."""
        return {"path": self.path, "message": self.message}


@dataclass
class InputError(Exception):
    """An input refused as a whole, with the reasons; rendered as the API's error shape."""

    status: int
    code: str
    message: str
    errors: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        details = "; ".join(f"{p.path}: {p.message}" for p in self.errors[:20])
        return f"{self.message} {details}".strip()

    def body(self) -> dict[str, Any]:
        """Return the JSON error body."""
        return {
            "ok": False,
            "status": self.status,
            "error": self.code,
            "message": self.message,
            "errors": [p.as_dict() for p in self.errors],
        }


def join_path(prefix: str, loc: Sequence[int | str]) -> str:
    """Join a pydantic location onto a prefix: ('incident', 'lat') -> 'events[2].incident.lat'."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def validation_problems(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Turn a pydantic ValidationError into problems with dotted paths."""
    found = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        message = FRIENDLIER.get(error["type"], error["msg"])
        message = message.removeprefix("Value error, ")
        # A union type adds the name of the tried member to the location; drop it.
        loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        found.append(Problem(join_path(prefix, loc) or "(body)", message))
    return found

"""The API's route registry: each route is declared once, with what it takes and answers.

`@operation` registers the view on the blueprint and records its models, so the OpenAPI
document is generated from the routes themselves and cannot list a route the server lacks,
or miss one it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from flask import Blueprint
from pydantic import BaseModel

Security = Literal["none", "bearer", "read", "admin"]
READ_ERRORS = (400, 401, 429, 503)
WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 422, 429, 503)


@dataclass(frozen=True)
class Operation:
    """One method of one route, as the document describes it."""

    rule: str
    method: str
    summary: str
    security: Security
    reply: type[BaseModel] | None
    status: int = 200
    errors: tuple[int, ...] = READ_ERRORS
    query: type[BaseModel] | None = None
    path_params: type[BaseModel] | None = None
    # Media type -> a model, or a JSON schema (which may refer to `models` by name).
    body: dict[str, type[BaseModel] | dict[str, Any]] = field(default_factory=dict)
    models: tuple[type[BaseModel], ...] = ()

    @property
    def path(self) -> str:
        """Return the OpenAPI path: `/incidents/{incident_id}` for `/incidents/<incident_id>`."""
        return self.rule.replace("<", "{").replace(">", "}")

    def all_models(self) -> list[type[BaseModel]]:
        """Return every model the document must hold as a component for this operation."""
        found = [m for m in self.body.values() if isinstance(m, type)]
        return [*found, *self.models, *([self.reply] if self.reply else [])]


OPERATIONS: list[Operation] = []


def operation(
    bp: Blueprint, rule: str, method: str, **spec: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view for one method of a rule, recording what it takes and answers."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        summary = (view.__doc__ or view.__name__).strip().splitlines()[0]
        bp.add_url_rule(rule, view_func=view, methods=[method])
        OPERATIONS.append(Operation(rule, method.lower(), summary, **spec))
        return view

    return decorate

"""Query and path parameters of the read routes, decoded by the document's own rules.

A query string carries text; each value is read as its field's schema type says (an
integer is digits, a number is a JSON number, an array is comma-separated or repeated)
and only then validated, so the server takes exactly what the OpenAPI document states.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, ValidationError

from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.models import (
    EventTime,
    Identifier,
    Kind,
    Latitude,
    Longitude,
    Status,
    UtcDatetime,
    skew_context,
)

M = TypeVar("M", bound=BaseModel)
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
# OpenAPI `style: form, explode: false`: one parameter, items joined by commas.
COMMA_SEPARATED: dict[str, JsonValue] = {"style": {"style": "form", "explode": False}}


class FeedQuery(BaseModel):
    """`GET /events`: events with seq greater than `after`, at most `limit` of them."""

    model_config = ConfigDict(extra="ignore")

    after: int = Field(0, ge=0, le=2**62, description="Return events with a greater seq.")
    limit: int = Field(100, ge=1, le=1000, description="Most events returned.")


class IncidentQuery(BaseModel):
    """`GET /incidents` filters; all are optional and combine with AND."""

    model_config = ConfigDict(extra="ignore")

    kind: Kind | None = None
    status: Status | None = None
    city: Identifier | None = None
    agency: Identifier | None = Field(None, description="Incidents with any step by this agency.")
    since: UtcDatetime | None = Field(None, description="Updated at or after (timezone required).")
    until: UtcDatetime | None = Field(
        None, description="Reported at or before (timezone required)."
    )
    bbox: tuple[Longitude, Latitude, Longitude, Latitude] | None = Field(
        None,
        description="west,south,east,north; west > east crosses the antimeridian, and "
        "south > north matches nothing.",
        json_schema_extra=COMMA_SEPARATED,
    )
    # Bounded after parsing (`bounded_time`): a bound that follows the clock is no schema's.
    as_of: UtcDatetime | None = Field(
        None,
        description="The picture at this time (timezone required). From 1900 on and not "
        "ahead of the server's clock by more than its allowed skew, else 422. Default: now.",
    )
    basis: Literal["happened", "known"] = Field(
        "known",
        description="`known`: only events received by `as_of`, what the command center saw; "
        "`happened`: every event that occurred by `as_of`, late reports included.",
    )


class IncidentPath(BaseModel):
    """`GET /incidents/{incident_id}`."""

    incident_id: Identifier


class AlarmQuery(BaseModel):
    """`GET /alarms`: optionally only the alarms of some cities (`?city=a&city=b`)."""

    model_config = ConfigDict(extra="ignore")

    city: list[Identifier] = Field(
        default_factory=list, max_length=100, description="Alarms of these cities only."
    )


class AuditQuery(BaseModel):
    """`GET /audit`: the newest rows, optionally of one action."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(200, ge=1, le=1000, description="Most rows returned.")
    action: Annotated[str, Field(min_length=1, max_length=40)] | None = None


@lru_cache(maxsize=32)
def _properties(model: type[BaseModel]) -> dict[str, Any]:
    """Return a query model's JSON-schema properties, built once, not on every request."""
    return dict(model.model_json_schema()["properties"])


def parse_query(model: type[M]) -> M:
    """Validate the query string against a model, answering 400 with each bad parameter."""
    values: dict[str, Any] = {}
    problems = []
    for name, prop in _properties(model).items():
        if name in request.args:
            try:
                values[name] = decode(request.args.getlist(name), prop)
            except ValueError as exc:
                problems.append(Problem(name, str(exc)))
    try:
        query = model.model_validate(values)
    except ValidationError as exc:
        # A parameter is the place to name: `bbox`, not `bbox[1]`.
        problems += [Problem(p.path.split("[")[0], p.message) for p in validation_problems(exc)]
    if problems:
        raise InputError(400, "invalid_query", "A query parameter is invalid.", problems)
    return query


def bounded_time(name: str, value: datetime, skew_s: float) -> datetime:
    """Hold a parsed time to an event time's bounds (1900 on, not ahead of the clock): 422."""
    try:
        return _EVENT_TIME.validate_python(value, context=skew_context(skew_s))
    except ValidationError as exc:
        problems = [Problem(name, p.message) for p in validation_problems(exc)]
        raise InputError(422, "time_out_of_range", f"{name} is out of range.", problems) from None


_EVENT_TIME: TypeAdapter[datetime] = TypeAdapter(EventTime)


def decode(raw: list[str], prop: dict[str, Any]) -> Any:
    """Read a parameter's text as its schema's type says."""
    option = _present(prop)
    if option.get("type") == "array":
        items = raw if "style" not in prop else raw[-1].split(",")
        item_of = option.get("prefixItems") or [option.get("items", {})] * len(items)
        if len(item_of) != len(items):
            raise ValueError(f"expected {len(item_of)} comma-separated values")
        return [
            _scalar(text, _present(p).get("type")) for text, p in zip(items, item_of, strict=True)
        ]
    return _scalar(raw[-1], option.get("type"))


def _present(prop: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of a present value: the non-null member of an optional field."""
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    return options[0] if options else {}


def _scalar(text: str, kind: Any) -> Any:
    if kind == "integer":
        if not INTEGER.fullmatch(text):
            raise ValueError("expected a whole number")
        return int(text)
    if kind == "number":
        if not NUMBER.fullmatch(text):
            raise ValueError("expected a number")
        return float(text)
    return text

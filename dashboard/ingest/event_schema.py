"""The event's JSON schema as one variant per group of types, derived from the domain tables.

The server's rules live in `Event._check_references`; this states the same rules for the
OpenAPI document so generated clients and fuzzers know, e.g., that step events need an agency.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue

from dashboard.domain import EVENT_TYPES, INCIDENT_EVENTS, RETRACTION, STEP_BY_EVENT
from dashboard.ingest.models import (
    IncidentFields,
    Kind,
    Latitude,
    Longitude,
    RetractionData,
    Title,
)

NULL = {"type": "null"}


class IncidentReport(IncidentFields):
    """What an incident.reported event must say: where, what, and its title."""

    model_config = ConfigDict(extra="forbid", title="IncidentReport")

    kind: Kind
    title: Title
    lat: Latitude
    lon: Longitude


def _types(*names: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(names)}


def event_variants(base: JsonSchemaValue, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
    """Return the event schema as a `oneOf`: one whole variant per group of types.

    Whole variants (rather than shared properties plus partial ones) keep generators and
    validators from having to merge schemas, which some do wrongly.
    """
    schema = handler.resolve_ref_schema(base)
    report = handler(IncidentReport.__pydantic_core_schema__)
    agency = {k: v for k, v in _identifier(schema).items() if k != "title"}
    updates = [t for t in INCIDENT_EVENTS if t != "incident.reported"]
    special = {*INCIDENT_EVENTS, *STEP_BY_EVENT, RETRACTION}
    others = [t for t in EVENT_TYPES if t not in special]
    retraction = handler(RetractionData.__pydantic_core_schema__)
    variants = [
        ("IncidentReported", ["incident.reported"], {"incident": report}, ["incident"]),
        ("IncidentChanged", updates, {}, []),
        ("StepReached", list(STEP_BY_EVENT), {"agency": agency, "incident": NULL}, ["agency"]),
        ("Other", others, {"incident": NULL}, []),
        # An admin token's: the event it retracts and why (see the README, Reliability).
        (
            "Retraction",
            [RETRACTION],
            {"data": retraction, "agency": NULL, "incident": NULL},
            ["data"],
        ),
    ]
    shared = ("properties", "required", "type", "additionalProperties")
    whole = {k: v for k, v in schema.items() if k not in shared}
    whole["oneOf"] = [
        {
            "title": title,
            "type": "object",
            "properties": {**schema["properties"], "type": _types(*types), **overrides},
            "required": [*schema.get("required", []), *needs],
            "additionalProperties": False,
        }
        for title, types, overrides, needs in variants
    ]
    schema.clear()
    schema.update(whole)
    return base


def _identifier(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the non-null member of the optional `agency` identifier."""
    options = schema["properties"]["agency"].get("anyOf", [])
    return next(o for o in options if o.get("type") != "null")

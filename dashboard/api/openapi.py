"""The OpenAPI 3.1 document, generated from the route registry and its pydantic models."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from dashboard.api.replies import ErrorReply
from dashboard.api.routes import OPERATIONS, Operation

REF = "#/components/schemas/{model}"
SECURITY: dict[str, list[dict[str, list[str]]]] = {
    "none": [{}],
    "bearer": [{"bearer": []}],
    # Reads take a bearer token or a signed-in dashboard session whose role may read.
    "read": [{"bearer": []}, {"session": []}],
    "admin": [{"bearer": []}, {"session": []}],
}


def ref(name: str) -> dict[str, str]:
    """Return a reference to a component schema."""
    return {"$ref": REF.format(model=name)}


def components(operations: list[Operation]) -> dict[str, Any]:
    """Return the schemas of every model the operations take or answer with."""
    models: dict[str, type[BaseModel]] = {ErrorReply.__name__: ErrorReply}
    for op in operations:
        models.update((m.__name__, m) for m in op.all_models())
    _, schema = models_json_schema([(m, "validation") for m in models.values()], ref_template=REF)
    return schema["$defs"]


def parameters(model: type[BaseModel], where: str) -> list[dict[str, Any]]:
    """Describe a model's fields as OpenAPI parameters; a query string has no null."""
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    found = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("default", "title")}
        options = [s for s in prop.pop("anyOf", []) if s.get("type") != "null"]
        if options:
            prop = {**options[0], **prop} if len(options) == 1 else {"anyOf": options, **prop}
        extra = model.model_fields[name].json_schema_extra
        style = dict(extra.get("style", {})) if isinstance(extra, dict) else {}  # type: ignore[arg-type]
        prop.pop("style", None)
        parameter = {"name": name, "in": where, "required": name in required or where == "path"}
        parameter |= style
        if description := prop.pop("description", None):
            parameter["description"] = description
        found.append({**parameter, "schema": prop})
    return found


def _responses(op: Operation) -> dict[str, Any]:
    schema = ref(op.reply.__name__) if op.reply else {"type": "object"}
    responses: dict[str, Any] = {
        str(op.status): {
            "description": "Success",
            "content": {"application/json": {"schema": schema}},
        }
    }
    for status in op.errors:
        responses[str(status)] = {
            "description": "Error, in the one error shape",
            "content": {"application/json": {"schema": ref("ErrorReply")}},
        }
    return responses


def _operation(op: Operation) -> dict[str, Any]:
    described: dict[str, Any] = {
        "operationId": f"{op.method}{op.path.replace('/', '_').replace('{', '').replace('}', '')}",
        "summary": op.summary,
        "security": SECURITY[op.security],
    }
    params = [
        *(parameters(op.path_params, "path") if op.path_params else []),
        *(parameters(op.query, "query") if op.query else []),
    ]
    if params:
        described["parameters"] = params
    if op.body:
        content = {
            media: {"schema": ref(spec.__name__) if isinstance(spec, type) else spec}
            for media, spec in op.body.items()
        }
        described["requestBody"] = {"required": True, "content": content}
    described["responses"] = _responses(op)
    return described


def paths(operations: list[Operation]) -> dict[str, Any]:
    """Return the document's paths, one entry per registered route and method."""
    found: dict[str, dict[str, Any]] = {}
    for op in operations:
        found.setdefault(op.path, {})[op.method] = _operation(op)
    return found


def openapi_document(max_batch: int) -> dict[str, Any]:
    """Return the whole document, with the configured batch limit in the batch schema."""
    schemas = deepcopy(components(OPERATIONS))
    schemas["EventBatch"]["properties"]["events"]["maxItems"] = max_batch
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Heads-Up API",
            "version": "1",
            "description": "Events in (JSON, CAP 1.2, CSV); incidents, tracks and feeds out.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths(OPERATIONS),
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "headsup_session"},
            },
        },
    }

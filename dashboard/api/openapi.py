"""The OpenAPI 3.1 document, assembled from the same pydantic models that validate requests."""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from dashboard.api.params import FeedQuery, IncidentQuery
from dashboard.api.replies import REPLY_MODELS
from dashboard.ingest.models import Agency, Event, EventBatch

REF = "#/components/schemas/{model}"
READ_ERRORS = (400, 401, 429, 503)
WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 422, 429, 503)
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
# Reads are open on a loopback-only server, so a token is optional there.
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"bearer": []}]


def ref(name: str) -> dict[str, str]:
    """Return a reference to a component schema."""
    return {"$ref": REF.format(model=name)}


@cache
def _components() -> dict[str, Any]:
    models: list[type[BaseModel]] = [Event, EventBatch, Agency, *REPLY_MODELS]
    _, schema = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    return schema["$defs"]


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Describe a query model's fields as OpenAPI parameters; a query string has no null."""
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("default", "title")}
        options = [s for s in prop.pop("anyOf", []) if s.get("type") != "null"]
        if options:
            prop = {**options[0], **prop} if len(options) == 1 else {"anyOf": options, **prop}
        description = prop.pop("description", None)
        parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _responses(ok: int, schema: dict[str, Any], errors: tuple[int, ...]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(ok): {"description": "Success", "content": {"application/json": {"schema": schema}}}
    }
    for status in errors:
        responses[str(status)] = {
            "description": "Error, in the one error shape",
            "content": {"application/json": {"schema": ref("ErrorReply")}},
        }
    return responses


def _body(media: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"required": True, "content": {k: {"schema": v} for k, v in media.items()}}


def _paths() -> dict[str, Any]:
    text = {"type": "string"}
    incident_id = deepcopy(_components()["Event"]["properties"]["incident_id"])
    incident_id.pop("title", None)
    return {
        "/events": {
            "post": {
                "summary": "Store one event or a batch, all or nothing",
                "security": BEARER,
                "requestBody": _body(
                    {"application/json": {"anyOf": [ref("Event"), ref("EventBatch")]}}
                ),
                "responses": _responses(200, ref("AppendReply"), WRITE_ERRORS),
            },
            "get": {
                "summary": "The event feed after a seq",
                "security": OPTIONAL_BEARER,
                "parameters": query_parameters(FeedQuery),
                "responses": _responses(200, ref("FeedReply"), READ_ERRORS),
            },
        },
        "/incidents": {
            "get": {
                "summary": "Incidents as a GeoJSON FeatureCollection",
                "security": OPTIONAL_BEARER,
                "parameters": query_parameters(IncidentQuery),
                "responses": _responses(200, ref("IncidentCollection"), READ_ERRORS),
            }
        },
        "/incidents/{incident_id}": {
            "get": {
                "summary": "One incident with its tracks and timeline",
                "security": OPTIONAL_BEARER,
                "parameters": [
                    {"name": "incident_id", "in": "path", "required": True, "schema": incident_id}
                ],
                "responses": _responses(200, ref("IncidentDetail"), (*READ_ERRORS, 404)),
            }
        },
        "/agencies": {
            "get": {
                "summary": "Every agency",
                "security": OPTIONAL_BEARER,
                "responses": _responses(200, ref("AgencyList"), READ_ERRORS),
            },
            "post": {
                "summary": "Add an agency (admin token)",
                "security": BEARER,
                "requestBody": _body({"application/json": ref("Agency")}),
                "responses": _responses(201, ref("Agency"), WRITE_ERRORS),
            },
        },
        "/cap": {
            "post": {
                "summary": "Store the incident event of an OASIS CAP 1.2 alert",
                "security": BEARER,
                "requestBody": _body({"application/cap+xml": text, "application/xml": text}),
                "responses": _responses(200, ref("AppendReply"), WRITE_ERRORS),
            }
        },
        "/import/csv": {
            "post": {
                "summary": "Store every row of a CSV file, all or nothing",
                "security": BEARER,
                "requestBody": _body({"text/csv": text}),
                "responses": _responses(200, ref("AppendReply"), WRITE_ERRORS),
            }
        },
        "/health": {
            "get": {
                "summary": "Database state and latest seq (no token needed)",
                "security": [{}],
                "responses": _responses(200, ref("Health"), (503,)),
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [{}],
                "responses": _responses(200, {"type": "object"}, (429,)),
            }
        },
    }


def openapi_document(max_batch: int) -> dict[str, Any]:
    """Return the whole document, with the configured batch limit in the batch schema."""
    schemas = deepcopy(_components())
    schemas["EventBatch"]["properties"]["events"]["maxItems"] = max_batch
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Heads-Up API",
            "version": "1",
            "description": "Events in (JSON, CAP 1.2, CSV); incidents, tracks and feeds out.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }

"""GET /health, GET /openapi.json, GET and POST /agencies, and the answer for unknown routes."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, MapAdapter, Rule
from werkzeug.wrappers import Response

from dashboard.api import bp, route
from dashboard.api.auth import authorize_read, require_admin
from dashboard.api.errors import unavailable
from dashboard.api.http import JSON_TYPES, body, require_content_type
from dashboard.api.openapi import openapi_document
from dashboard.api.replies import AgencyList, Health, OpenApiDocument
from dashboard.api.routes import WRITE_ERRORS
from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.json_reader import load_json, validate_strictly
from dashboard.ingest.models import Agency
from dashboard.runtime import runtime
from dashboard.store import queries
from dashboard.store.agencies import AgencyRefused, add_agency

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@route("/health", "GET", security="none", reply=Health, errors=(503,))
def health() -> Any:
    """Database state and latest seq (no token needed); 503 when it cannot take writes."""
    engine = runtime().store.engine
    try:
        with engine.connect() as conn:
            seq = queries.latest_seq(conn)
    except SQLAlchemyError as exc:
        raise unavailable(type(exc).__name__) from None
    problem = runtime().store.write_probe.problem()
    if problem is not None:
        raise unavailable(f"reads answer, writes fail: {problem}")
    return jsonify(ok=True, database="up", dialect=engine.dialect.name, latest_seq=seq)


@route("/openapi.json", "GET", security="none", reply=OpenApiDocument, errors=(429,))
def openapi() -> Any:
    """This document, generated from the routes and the models that validate requests."""
    return jsonify(openapi_document(runtime().config.max_batch))


@route("/agencies", "GET", security="read", reply=AgencyList)
def list_agencies() -> Any:
    """Every agency."""
    authorize_read()
    df = runtime().agencies()
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return jsonify(agencies=[{**row, "local": bool(row["local"])} for row in rows])


def _refusal(agency: Agency, reason: str) -> InputError:
    """Say why the store refused the agency, naming the field and its value."""
    if reason == "unknown_city":
        return InputError(
            422,
            "unknown_city",
            f"There is no city {agency.jurisdiction_id!r}.",
            [Problem("jurisdiction_id", "unknown city")],
        )
    return InputError(
        409, "conflict", f"An agency {agency.id!r} exists already.", [Problem("id", "taken")]
    )


@route(
    "/agencies",
    "POST",
    security="bearer",
    reply=Agency,
    status=201,
    errors=WRITE_ERRORS,
    body={"application/json": Agency},
)
def create_agency() -> Any:
    """Add an agency (admin token)."""
    token = require_admin()
    require_content_type(*JSON_TYPES)
    try:
        agency = validate_strictly(Agency, load_json(body()))
    except ValidationError as exc:
        raise InputError(
            422, "invalid_agency", "The agency is invalid.", validation_problems(exc)
        ) from None
    rt = runtime()
    try:
        add_agency(rt.store.engine, agency.model_dump(), f"token:{token.name}")
    except AgencyRefused as exc:
        raise _refusal(agency, exc.reason) from None
    rt.references.changed()
    return jsonify(agency.model_dump()), 201


@bp.before_request
def answer_options() -> Response | None:
    """Answer OPTIONS with the methods the path really has, not the catch-all's."""
    if request.method != "OPTIONS":
        return None
    methods = api_routes().allowed_methods(request.path)
    if not methods:
        raise NotFound()
    response = current_app.make_default_options_response()
    response.headers["Allow"] = ", ".join(sorted(methods))
    return response


@bp.route("/<path:rest>", methods=ALL_METHODS)
def unknown_route(rest: str) -> Any:
    """Answer 404 for a path no route has, or 405 for a method the path does not take."""
    api_routes().match(request.path, method=request.method)
    raise NotFound()


def api_routes() -> MapAdapter:
    """Return the API's real routes, without the catch-alls, to tell 404 from 405."""
    cached = current_app.extensions.get("headsup_api_routes")
    if cached is None:
        rules = [
            Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods)
            for rule in current_app.url_map.iter_rules()
            if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown_route"
        ]
        cached = current_app.extensions["headsup_api_routes"] = Map(rules)
    return cached.bind("localhost")

"""GET /health, GET /openapi.json, GET and POST /agencies, and the answer for unknown routes."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule

from dashboard.api import bp
from dashboard.api.auth import authorize_read, require_admin
from dashboard.api.errors import unavailable
from dashboard.api.http import JSON_TYPES, body, require_content_type
from dashboard.api.openapi import openapi_document
from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.json_reader import load_json
from dashboard.ingest.models import Agency
from dashboard.runtime import runtime
from dashboard.store import queries
from dashboard.store.engine import write_transaction
from dashboard.store.schema import agencies, jurisdictions

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@bp.get("/health")
def health() -> Any:
    """Say whether the database answers, and its latest seq; needs no token."""
    engine = runtime().store.engine
    try:
        with engine.connect() as conn:
            seq = queries.latest_seq(conn)
    except SQLAlchemyError as exc:
        raise unavailable(type(exc).__name__) from None
    return jsonify(ok=True, database="up", dialect=engine.dialect.name, latest_seq=seq)


@bp.get("/openapi.json")
def openapi() -> Any:
    """Return the OpenAPI 3.1 document, built from the models that validate requests."""
    return jsonify(openapi_document(runtime().config.max_batch))


@bp.get("/agencies")
def list_agencies() -> Any:
    """List every agency."""
    authorize_read()
    df = runtime().agencies()
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return jsonify(agencies=[{**row, "local": bool(row["local"])} for row in rows])


@bp.post("/agencies")
def add_agency() -> Any:
    """Add an agency; admin tokens only."""
    require_admin()
    require_content_type(*JSON_TYPES)
    try:
        agency = Agency.model_validate(load_json(body()))
    except ValidationError as exc:
        raise InputError(
            422, "invalid_agency", "The agency is invalid.", validation_problems(exc)
        ) from None
    rt = runtime()
    with write_transaction(rt.store.engine) as conn:
        if (
            agency.jurisdiction_id is not None
            and not conn.execute(
                select(jurisdictions.c.id).where(jurisdictions.c.id == agency.jurisdiction_id)
            ).first()
        ):
            raise InputError(
                422,
                "unknown_city",
                f"There is no city {agency.jurisdiction_id!r}.",
                [Problem("jurisdiction_id", "unknown city")],
            )
        if conn.execute(select(agencies.c.id).where(agencies.c.id == agency.id)).first():
            raise InputError(
                409,
                "conflict",
                f"An agency {agency.id!r} exists already.",
                [Problem("id", "taken")],
            )
        conn.execute(insert(agencies).values(**agency.model_dump()))
    rt.references.changed()
    return jsonify(agency.model_dump()), 201


@bp.route("/<path:rest>", methods=ALL_METHODS)
def unknown_route(rest: str) -> Any:
    """Answer 404 for a path no route has, or 405 for a method the path does not take."""
    _api_routes().bind("localhost").match(request.path, method=request.method)
    raise NotFound()


def _api_routes() -> Map:
    """Return a map of the API's real routes, without the catch-alls, to tell 404 from 405."""
    cached = current_app.extensions.get("headsup_api_routes")
    if cached is None:
        rules = [
            Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods)
            for rule in current_app.url_map.iter_rules()
            if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown_route"
        ]
        cached = current_app.extensions["headsup_api_routes"] = Map(rules)
    return cached

"""GET /jurisdictions (GeoJSON), PUT /jurisdictions/{id} and PUT /agencies/{id} (admin).

Writes go through the same checks and history as `headsup reference import`: one row,
validated, written only if it changes something, recorded with the token as author.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from flask import jsonify
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from dashboard.api import route
from dashboard.api.auth import authorize_read, require_admin
from dashboard.api.http import JSON_TYPES, body, require_content_type
from dashboard.api.routes import WRITE_ERRORS
from dashboard.ingest.errors import InputError, Problem, validation_problems
from dashboard.ingest.json_reader import load_json, validate_strictly
from dashboard.ingest.models import AGENCY_KINDS, ShortIdentifier, Title
from dashboard.reference.files import read_agency, read_feature
from dashboard.reference.importer import jurisdiction_feature
from dashboard.reference.model import JURISDICTION_KINDS
from dashboard.reference.writes import put_agencies, put_jurisdictions
from dashboard.runtime import runtime
from dashboard.store.engine import write_transaction
from dashboard.store.schema import jurisdictions

ZONES = tuple(sorted(available_timezones()))


class JurisdictionProperties(BaseModel):
    """What a jurisdiction is called, what kind it is and its time zone."""

    model_config = ConfigDict(extra="forbid")

    name: Title
    kind: Literal[JURISDICTION_KINDS]  # type: ignore[valid-type]
    tz: Literal[ZONES] = Field(description="IANA time zone name.")  # type: ignore[valid-type]
    state: str | None = Field(default=None, max_length=2)
    lat: float | None = Field(default=None, ge=-90, le=90, description="Label point.")
    lon: float | None = Field(default=None, ge=-180, le=180, description="Label point.")
    radius_km: float | None = Field(
        default=None, gt=0, le=500, description="With a Point geometry: an approximate circle."
    )
    boundary_approx: bool | None = None


Lon = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]
Position = tuple[Lon, Lat]
Ring = Annotated[list[Position], Field(min_length=4)]


class PolygonGeometry(BaseModel):
    """A GeoJSON Polygon: rings of [lon, lat] that close and do not cross; holes after."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Polygon"]
    coordinates: Annotated[list[Ring], Field(min_length=1)]


class MultiPolygonGeometry(BaseModel):
    """A GeoJSON MultiPolygon: several polygons."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Annotated[list[Ring], Field(min_length=1)]], Field(min_length=1)]


class PointGeometry(BaseModel):
    """A centre, with the `radius_km` property: the boundary is an approximate circle."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Point"]
    coordinates: Position


BoundaryGeometry = Annotated[
    PolygonGeometry | MultiPolygonGeometry | PointGeometry, Field(discriminator="type")
]


class JurisdictionBody(BaseModel):
    """A jurisdiction as a GeoJSON Feature; its id is the one in the path."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Feature"]
    properties: JurisdictionProperties
    geometry: BoundaryGeometry


class JurisdictionOut(BaseModel):
    """One jurisdiction as a GeoJSON Feature."""

    type: Literal["Feature"]
    id: str
    properties: dict[str, Any]
    geometry: dict[str, Any]


class JurisdictionCollection(BaseModel):
    """Every jurisdiction, as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"]
    features: list[JurisdictionOut]


class AgencyBody(BaseModel):
    """An agency and the jurisdictions it is local to (none: not local anywhere)."""

    model_config = ConfigDict(extra="forbid")

    name: Title
    kind: Literal[AGENCY_KINDS]  # type: ignore[valid-type]
    jurisdictions: list[ShortIdentifier] = Field(default_factory=list, max_length=100)


class ReferenceChange(BaseModel):
    """What a write changed: added, changed or unchanged."""

    id: str
    result: Literal["added", "changed", "unchanged"]


class JurisdictionPath(BaseModel):
    """`PUT /jurisdictions/{jurisdiction_id}`."""

    jurisdiction_id: ShortIdentifier


class AgencyPath(BaseModel):
    """`PUT /agencies/{agency_id}`."""

    agency_id: ShortIdentifier


def _author() -> str:
    return f"token:{require_admin().name}"


def _parsed(model: type[BaseModel], code: str) -> Any:
    require_content_type(*JSON_TYPES)
    raw = load_json(body())
    try:
        validate_strictly(model, raw)
    except ValidationError as exc:
        raise InputError(422, code, "The body is invalid.", validation_problems(exc)) from None
    return raw


def _result(changes: Any, row_id: str) -> Any:
    result = "added" if changes.added else "changed" if changes.changed else "unchanged"
    if result != "unchanged":
        runtime().references.changed()
    # One status for a PUT whatever it did; `result` says whether the row is new.
    return jsonify(id=row_id, result=result)


@route("/jurisdictions", "GET", security="read", reply=JurisdictionCollection)
def list_jurisdictions() -> Any:
    """Every jurisdiction with its boundary, as a GeoJSON FeatureCollection."""
    authorize_read()
    with runtime().store.engine.connect() as conn:
        rows = conn.execute(select(jurisdictions).order_by(jurisdictions.c.id)).all()
    features = [jurisdiction_feature(dict(row._mapping)) for row in rows]
    return jsonify(type="FeatureCollection", features=features)


@route(
    "/jurisdictions/<jurisdiction_id>",
    "PUT",
    security="bearer",
    reply=ReferenceChange,
    path_params=JurisdictionPath,
    errors=WRITE_ERRORS,
    body={"application/json": JurisdictionBody},
)
def put_jurisdiction(jurisdiction_id: str) -> Any:
    """Add or change a jurisdiction (admin token); recorded with the token's name."""
    author = _author()
    _path(JurisdictionPath, jurisdiction_id=jurisdiction_id)
    raw = _parsed(JurisdictionBody, "invalid_jurisdiction")
    raw["properties"] = {**raw["properties"], "id": jurisdiction_id}
    row, problems = read_feature(raw, "")
    if row is None:
        raise InputError(
            422,
            "invalid_jurisdiction",
            "The jurisdiction is invalid; nothing was written.",
            [Problem(path.lstrip("."), message) for path, message in problems],
        )
    with write_transaction(runtime().store.engine) as conn:
        changes = put_jurisdictions(conn, [row], author)
    return _result(changes, jurisdiction_id)


@route(
    "/agencies/<agency_id>",
    "PUT",
    security="bearer",
    reply=ReferenceChange,
    path_params=AgencyPath,
    errors=WRITE_ERRORS,
    body={"application/json": AgencyBody},
)
def put_agency(agency_id: str) -> Any:
    """Add or change an agency and where it is local (admin token); recorded."""
    author = _author()
    _path(AgencyPath, agency_id=agency_id)
    raw = _parsed(AgencyBody, "invalid_agency")
    record = {**raw, "id": agency_id, "jurisdictions": " ".join(raw.get("jurisdictions", []))}
    with write_transaction(runtime().store.engine) as conn:
        known = set(conn.execute(select(jurisdictions.c.id)).scalars())
        row, problems = read_agency(record, "", known)
        if row is None:
            unknown = any(path.endswith("jurisdictions") for path, _ in problems)
            raise InputError(
                422,
                "unknown_jurisdiction" if unknown else "invalid_agency",
                "The agency is invalid; nothing was written.",
                [Problem(path.lstrip("."), message) for path, message in problems],
            )
        changes = put_agencies(conn, [row], author)
    return _result(changes, agency_id)


def _path(model: type[BaseModel], **values: str) -> None:
    try:
        model.model_validate(values)
    except ValidationError as exc:
        raise InputError(
            422, "invalid_path", "The path is invalid.", validation_problems(exc)
        ) from None

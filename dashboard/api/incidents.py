"""GET /incidents (a filtered GeoJSON FeatureCollection) and GET /incidents/{id}."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import authorize_read
from dashboard.api.incident_views import (
    feature,
    features,
    incident_conditions,
    stored_events,
    summaries,
    tracks_detail,
)
from dashboard.api.params import IncidentPath, IncidentQuery, parse_query
from dashboard.api.replies import IncidentCollection, IncidentDetail
from dashboard.api.routes import READ_ERRORS
from dashboard.ingest.errors import InputError, Problem
from dashboard.read.picture import history_frames
from dashboard.read.tracking import tolerance
from dashboard.runtime import runtime
from dashboard.store import queries


@route("/incidents", "GET", security="read", reply=IncidentCollection, query=IncidentQuery)
def list_incidents() -> Any:
    """Incidents as a GeoJSON FeatureCollection, each with its notification summary."""
    authorize_read()
    query = parse_query(IncidentQuery)
    rt = runtime()
    seq = rt.picture.seq
    # The API reaches all of history, not only the live picture: read from SQL, which
    # filters, so only the matching incidents and their claims are read.
    with rt.store.engine.connect() as conn:
        chosen, claims = queries.matching_incidents(conn, incident_conditions(query))
    summary = summaries(chosen, claims, rt.agencies())
    return jsonify(type="FeatureCollection", features=features(chosen, summary), seq=seq)


@route(
    "/incidents/<incident_id>",
    "GET",
    security="read",
    reply=IncidentDetail,
    path_params=IncidentPath,
    errors=(*READ_ERRORS, 404),
)
def get_incident(incident_id: str) -> Any:
    """One incident, its notification tracks and its timeline with sources."""
    authorize_read()
    rt = runtime()
    incidents, _claims = history_frames(rt.store, incident_id)
    if incident_id not in incidents.index:
        raise InputError(
            404,
            "not_found",
            f"There is no incident {incident_id!r}.",
            [Problem("incident_id", "unknown incident")],
        )
    one = incidents.loc[[incident_id]]
    with rt.store.engine.connect() as conn:
        claims = queries.claims_frame(conn, [incident_id])
        timeline = queries.incident_events(conn, incident_id)
    agencies = rt.agencies()
    summary = summaries(one, claims, agencies)[incident_id]
    return jsonify(
        incident=feature(one.iloc[0], summary),
        tracks=tracks_detail(one, claims, agencies, tolerance(rt.config)),
        timeline=stored_events(timeline),
    )

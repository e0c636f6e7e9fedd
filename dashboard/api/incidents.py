"""GET /incidents (a filtered GeoJSON FeatureCollection) and GET /incidents/{id}."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import authorize_read
from dashboard.api.incident_views import (
    feature,
    filter_incidents,
    iso,
    stored_events,
    summaries,
    tracks_detail,
)
from dashboard.api.params import IncidentPath, IncidentQuery, bounded_time, parse_query
from dashboard.api.replies import IncidentCollection, IncidentDetail
from dashboard.api.routes import READ_ERRORS
from dashboard.ingest.errors import InputError, Problem
from dashboard.read.history import picture_at
from dashboard.read.picture import history_frames
from dashboard.read.tracking import tolerance
from dashboard.runtime import runtime
from dashboard.store import queries


@route(
    "/incidents",
    "GET",
    security="read",
    reply=IncidentCollection,
    query=IncidentQuery,
    errors=(*READ_ERRORS, 422),
)
def list_incidents() -> Any:
    """Incidents as a GeoJSON FeatureCollection, each with its notification summary."""
    authorize_read()
    rt = runtime()
    query = parse_query(IncidentQuery)
    seq = rt.picture.seq
    if query.as_of is not None:
        bounded_time("as_of", query.as_of, rt.config.max_clock_skew_s)
    if query.as_of is None and query.basis == "known":
        # The API reaches all of history, not only the live picture: read from SQL.
        incidents, claims = history_frames(rt.store)
    else:
        past = picture_at(rt.store.engine, query.as_of or datetime.now(UTC), query.basis)
        incidents, claims = past.incidents, past.claims
    chosen = filter_incidents(incidents, claims, query)
    summary = summaries(chosen, claims, rt.agencies())
    features = [feature(row, summary[row["id"]]) for _, row in chosen.iterrows()]
    return jsonify(
        type="FeatureCollection",
        features=features,
        seq=seq,
        as_of=iso(query.as_of),
        basis=query.basis,
    )


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

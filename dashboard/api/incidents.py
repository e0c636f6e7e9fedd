"""GET /incidents (a filtered GeoJSON FeatureCollection) and GET /incidents/{id}."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import authorize_read
from dashboard.api.incident_views import (
    features,
    filter_incidents,
    incident_conditions,
    iso,
    local_agencies,
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


def _locality(
    incidents: pd.DataFrame, as_of: datetime | None = None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return, per incident, its jurisdictions (smallest first) and its local agencies.

    With `as_of`, by the reference in force then, on either basis (read/analyze_view.py's
    `played_base` says why); without it, by today's.
    """
    rt = runtime()
    ref = rt.reference() if as_of is None else rt.references.as_of(as_of)
    pairs = ref.locality.places_of(incidents)
    order = {jid: n for n, jid in enumerate(ref.locality.by_size())}
    places = {
        str(i): sorted(set(g), key=lambda j: order.get(j, len(order)))
        for i, g in pairs.groupby("incident_id")["jurisdiction_id"]
    }
    return places, local_agencies(pairs, ref.members)


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
        # The API reaches all of history, not only the live picture: read from SQL, which
        # filters, so only the matching incidents and their claims are read.
        with rt.store.engine.connect() as conn:
            chosen, claims = queries.matching_incidents(conn, incident_conditions(query))
    else:
        past = picture_at(rt.store.engine, query.as_of or datetime.now(UTC), query.basis)
        claims = past.claims
        chosen = filter_incidents(past.incidents, claims, query)
    places, local = _locality(chosen, query.as_of)
    summary = summaries(chosen, claims, local)
    return jsonify(
        type="FeatureCollection",
        features=features(chosen, summary, places, local),
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
    places, local = _locality(one)
    summary = summaries(one, claims, local)
    return jsonify(
        incident=features(one, summary, places, local)[0],
        tracks=tracks_detail(one, claims, agencies, tolerance(rt.config)),
        timeline=stored_events(timeline),
    )

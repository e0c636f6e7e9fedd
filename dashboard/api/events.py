"""POST /events (one event or a batch) and GET /events (the feed after a seq)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import authorize_read, require_admin_for, require_token, require_writer
from dashboard.api.http import JSON_TYPES, body, join, reply, require_content_type, store_events
from dashboard.api.incident_views import stored_events
from dashboard.api.params import FeedQuery, parse_query
from dashboard.api.replies import AppendReply, FeedReply
from dashboard.api.routes import WRITE_ERRORS
from dashboard.domain import RETRACTION
from dashboard.ingest.json_reader import read_events
from dashboard.ingest.models import Event, EventBatch
from dashboard.runtime import runtime
from dashboard.store import queries

ONE_OR_BATCH = {
    "anyOf": [{"$ref": "#/components/schemas/Event"}, {"$ref": "#/components/schemas/EventBatch"}]
}


@route(
    "/events",
    "POST",
    security="bearer",
    reply=AppendReply,
    errors=WRITE_ERRORS,
    body={"application/json": ONE_OR_BATCH},
    models=(Event, EventBatch),
)
def post_events() -> Any:
    """Store one event or a batch, all or nothing."""
    require_token()
    require_content_type(*JSON_TYPES)
    rt = runtime()
    read = read_events(body(), rt.config.max_batch, rt.config.max_clock_skew_s)
    retractions = [i for i, e in enumerate(read.events) if e.type == RETRACTION]
    if retractions:
        require_admin_for(read.path(i) for i in retractions)
    require_writer(
        (join(read.path(i), "source"), e.source)
        for i, e in enumerate(read.events)
        if e.type != RETRACTION
    )
    return jsonify(reply(store_events(read.events, read.path)))


@route("/events", "GET", security="read", reply=FeedReply, query=FeedQuery)
def get_events() -> Any:
    """The event feed: events after a seq, in seq order, with the cursor for the next page."""
    authorize_read()
    query = parse_query(FeedQuery)
    rt = runtime()
    with rt.store.engine.connect() as conn:
        page = queries.events_after(conn, query.after, query.limit + 1)
    more = len(page) > query.limit
    events = stored_events(page.iloc[: query.limit])
    return jsonify(
        events=events,
        next=events[-1]["seq"] if events else query.after,
        latest_seq=max(rt.store.latest_seq(), events[-1]["seq"] if events else 0),
        has_more=more,
    )

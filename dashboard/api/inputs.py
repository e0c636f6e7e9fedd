"""POST /cap (one CAP 1.2 alert) and POST /import/csv (a bulk load), stored like JSON events."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from dashboard.api import route
from dashboard.api.auth import require_token, require_writer
from dashboard.api.http import CSV_TYPES, XML_TYPES, body, reply, require_content_type, store_events
from dashboard.api.replies import AppendReply
from dashboard.api.routes import WRITE_ERRORS
from dashboard.api.text_bodies import CAP_BODY, CSV_BODY
from dashboard.ingest.cap import read_cap
from dashboard.ingest.csv_reader import read_csv
from dashboard.ingest.errors import InputError, Problem
from dashboard.runtime import runtime


@route(
    "/cap",
    "POST",
    security="bearer",
    reply=AppendReply,
    errors=WRITE_ERRORS,
    body=dict.fromkeys(XML_TYPES, CAP_BODY),
)
def post_cap() -> Any:
    """Store the incident event of an OASIS CAP 1.2 alert."""
    require_token()
    require_content_type(*XML_TYPES)
    event = read_cap(body(), runtime().config.max_clock_skew_s)
    require_writer([("alert.sender", event.source)])
    return jsonify(reply(store_events([event], lambda _i: "alert")))


@route(
    "/import/csv",
    "POST",
    security="bearer",
    reply=AppendReply,
    errors=WRITE_ERRORS,
    body=dict.fromkeys(CSV_TYPES, CSV_BODY),
)
def import_csv() -> Any:
    """Store every row of a CSV file, all or nothing, with problems given by line."""
    require_token()
    require_content_type(*CSV_TYPES)
    try:
        text = body().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            400, "malformed_csv", "The CSV is not UTF-8 text.", [Problem("(body)", str(exc))]
        ) from None
    read = read_csv(text, runtime().config.max_clock_skew_s)
    require_writer(
        (f"line {line}.source", e.source) for line, e in zip(read.lines, read.events, strict=True)
    )
    return jsonify(reply(store_events(read.events, lambda i: f"line {read.lines[i]}")))

"""POST /cap (one CAP 1.2 alert) and POST /import/csv (a bulk load), stored like JSON events."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from dashboard.api import bp
from dashboard.api.auth import require_token, require_writer
from dashboard.api.http import CSV_TYPES, XML_TYPES, body, reply, require_content_type, store_events
from dashboard.ingest.cap import read_cap
from dashboard.ingest.csv_reader import read_csv
from dashboard.ingest.errors import InputError, Problem
from dashboard.runtime import runtime


@bp.post("/cap")
def post_cap() -> Any:
    """Store the incident event a CAP 1.2 alert asserts."""
    require_token()
    require_content_type(*XML_TYPES)
    rt = runtime()
    cities = rt.jurisdictions()[["id", "lat", "lon"]].itertuples(index=False, name=None)
    event = read_cap(body(), cities, rt.config.cap_city_radius_km)
    require_writer([("alert.sender", event.source)])
    return jsonify(reply(store_events([event], lambda _i: "alert")))


@bp.post("/import/csv")
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
    read = read_csv(text)
    require_writer(
        (f"line {line}.source", e.source) for line, e in zip(read.lines, read.events, strict=True)
    )
    return jsonify(reply(store_events(read.events, lambda i: f"line {read.lines[i]}")))

"""Read models for the views: what a callback asks for, answered from the picture and memo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from flask import request

from dashboard.figures.basemap import map_style
from dashboard.figures.incident_list import RowLabels
from dashboard.read.tracking import not_told_ids, source_freshness, tolerance, with_alarms
from dashboard.rules.summary import filter_cities, kpi_counts
from dashboard.rules.tracks import notification_tracks
from dashboard.runtime import Runtime
from dashboard.store import queries
from dashboard.tiles import tile_source


def visible_incidents(rt: Runtime, cities: list[str] | None) -> pd.DataFrame:
    """Return the picture's incidents of the chosen cities, with their alarm messages."""
    return with_alarms(rt, filter_cities(rt.picture.incidents, cities))


def counts(rt: Runtime, incidents: pd.DataFrame) -> dict[str, int]:
    """Return the KPI counts of the given incidents."""
    return kpi_counts(incidents, not_told_ids(rt))


def current_style(rt: Runtime, dark: bool = False) -> dict | str:
    """Return the configured map style, with bundled files addressed from this request."""
    tiles = tile_source()
    streets = tiles.street_tiles if tiles is not None else None
    return map_style(rt.config.map_style, request.url_root, dark=dark, streets=streets)


def freshness_info(rt: Runtime) -> dict[str, Any]:
    """Return when the newest event arrived and the server's clock, for the freshness element.

    Arrival (received_at), not the sender's occurred_at: a backfill of old events is a
    live feed, and a sender's clock ahead cannot make a silent feed look fresh.
    Freshness is the feed's, whatever filter the view applies.
    """
    newest = rt.picture.received_at
    return {
        "seq": rt.picture.seq,
        "server_time": datetime.now(UTC).isoformat(),
        "newest_event_at": None if newest is None else newest.isoformat(),
        "stale_after_s": rt.config.stale_after_s,
        "refresh_ms": rt.config.refresh_ms,
    }


def source_frame(rt: Runtime) -> pd.DataFrame:
    """Return per-source newest events, kept per seq (it changes only with the log)."""
    return source_freshness(rt)


def incident_detail_data(rt: Runtime, incident_id: str, last_seq: int) -> dict[str, Any] | None:
    """Return one incident's timeline, claims and tracks; kept per incident version."""
    ref = rt.reference()
    incidents = rt.picture.incidents
    if incident_id not in incidents.index:
        return None

    def compute() -> dict[str, Any]:
        incident = incidents.loc[incident_id]
        with rt.store.engine.connect() as conn:
            events = queries.incident_events(conn, incident_id)
            claims = queries.claims_frame(conn, [incident_id])
        city = str(incident["city"])
        return {
            "incident": incident,
            "events": events,
            "claims": claims,
            "tracks": notification_tracks(
                claims,
                incidents.loc[[incident_id]],
                ref.members,
                tolerance(rt.config),
                ref.locality.places_of(incidents.loc[[incident_id]]),
            ),
            "jurisdictions": ref.locality.places_of(incidents.loc[[incident_id]])[
                "jurisdiction_id"
            ].tolist(),
            "agency_names": dict(ref.agency_names),
            "tz": ref.city_tz.get(city, "UTC"),
            "city_name": ref.city_names.get(city, city),
        }

    return rt.memo.get(f"detail:{incident_id}", (last_seq, ref.version), compute)


def row_labels(rt: Runtime) -> RowLabels:
    """Return the names and zones the incident list shows in place of ids."""
    ref = rt.reference()
    return RowLabels(ref.city_names, ref.city_tz, ref.agency_names)

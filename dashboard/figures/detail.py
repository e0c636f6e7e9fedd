"""The detail panel of one incident: its agency x step matrix and its event timeline."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from dash import html

from dashboard.domain import STEPS, describe_lead_time, format_duration
from dashboard.figures.markup import with_data
from dashboard.figures.theme import KIND_LABELS

STEP_LABELS = {s: s.replace("_", " ") for s in STEPS}


def local_time(moment: pd.Timestamp | None, tz: str, with_date: bool = False) -> str:
    """Format a UTC timestamp in the city's time zone, with its abbreviation."""
    if moment is None or pd.isna(moment):
        return ""
    local = moment.tz_convert(ZoneInfo(tz))
    return local.strftime("%b %d %H:%M %Z" if with_date else "%H:%M %Z")


def incident_header(incident: pd.Series, tz: str, city_name: str) -> html.Div:
    """Title, kind, status, place and start of the incident."""
    crowd = "" if pd.isna(incident["crowd_size"]) else f" · crowd ≈ {int(incident['crowd_size'])}"
    return html.Div(
        [
            html.H3(str(incident["title"]), className="detail-title"),
            html.Div(
                f"{KIND_LABELS.get(incident['kind'], incident['kind'])} · {incident['status']}"
                f" · {city_name}{crowd}",
                className="detail-meta",
            ),
            html.Div(
                f"{incident['address'] or ''} · started "
                f"{local_time(incident['started_at'], tz, with_date=True) or 'unknown'}",
                className="detail-meta",
            ),
        ]
    )


def notification_matrix(
    claims: pd.DataFrame,
    tracks: pd.DataFrame,
    agency_names: dict[str, str],
    local_agency_ids: list[str],
    tz: str,
) -> html.Table:
    """Agency rows by step columns; each cell lists every source's claimed time."""
    agency_ids = list(dict.fromkeys([*local_agency_ids, *sorted(set(claims["agency_id"]))]))
    header = html.Tr(
        [
            html.Th("Agency"),
            html.Th("Lead time"),
            html.Th("Response"),
            *[html.Th(STEP_LABELS[s]) for s in STEPS],
        ]
    )
    rows = [header]
    for agency_id in agency_ids:
        track = tracks[tracks["agency_id"] == agency_id]
        lead = _seconds(track, "lead_time_s")
        response = _seconds(track, "response_time_s")
        lead_text = describe_lead_time(lead)
        lead_state = "alarm" if lead is None or lead < timedelta(0) else "ok"
        cells = [
            html.Td(agency_names.get(agency_id, agency_id), className="matrix-agency"),
            html.Td(lead_text, className=f"matrix-lead lead-{lead_state}"),
            html.Td(
                format_duration(response) if response is not None else "",
                className="matrix-response",
            ),
        ]
        mine = claims[claims["agency_id"] == agency_id]
        for step in STEPS:
            step_claims = mine[mine["step"] == step].sort_values("occurred_at")
            cells.append(
                html.Td(
                    [
                        html.Div(
                            [
                                local_time(c.occurred_at, tz),
                                html.Span(f" {c.source}", className="claim-source"),
                            ]
                        )
                        for c in step_claims.itertuples()
                    ],
                    className="matrix-cell",
                )
            )
        rows.append(html.Tr(cells))
    return html.Table(rows, className="matrix")


def _seconds(track: pd.DataFrame, column: str) -> timedelta | None:
    if track.empty or pd.isna(track[column].iloc[0]):
        return None
    return timedelta(seconds=float(track[column].iloc[0]))


def timeline(events: pd.DataFrame, tz: str) -> html.Ol:
    """Every event of the incident in the order it happened, with its source."""
    items = []
    for ev in events.itertuples():
        agency = f" · {ev.agency_id}" if isinstance(ev.agency_id, str) else ""
        note = (ev.payload.get("data") or {}).get("text")
        items.append(
            html.Li(
                [
                    html.Span(local_time(ev.occurred_at, tz, with_date=True), className="tl-time"),
                    html.Span(f" {ev.type}{agency}", className="tl-type"),
                    html.Span(f" — {ev.source}", className="tl-source"),
                    html.Div(str(note), className="tl-note") if note else None,
                ]
            )
        )
    return html.Ol(items, className="timeline")


def incident_detail(
    incident: pd.Series,
    events: pd.DataFrame,
    claims: pd.DataFrame,
    tracks: pd.DataFrame,
    agency_names: dict[str, str],
    local_agency_ids: list[str],
    tz: str,
    city_name: str,
) -> html.Div:
    """Assemble the whole panel."""
    panel = html.Div(
        [
            incident_header(incident, tz, city_name),
            html.H4("Notifications and response"),
            html.Div(
                notification_matrix(claims, tracks, agency_names, local_agency_ids, tz),
                className="matrix-wrap",
            ),
            html.H4("Timeline"),
            timeline(events, tz),
        ],
        className="detail",
    )
    return with_data(panel, incident=str(incident["id"]))

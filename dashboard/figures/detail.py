"""The detail panel of one incident: header, notification matrix, disputes and timeline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import quote

import pandas as pd
from dash import html

from dashboard import ids
from dashboard.clock import utc_text
from dashboard.domain import STATUS_LABELS
from dashboard.figures.markup import with_data
from dashboard.figures.matrix import dispute_lines, local_time, notice_line, notification_matrix
from dashboard.figures.theme import KIND_LABELS

__all__ = ["incident_detail", "incident_header", "local_time", "timeline"]


def incident_header(incident: pd.Series, tz: str, city_name: str) -> html.Div:
    """Title, kind, status, place and start of the incident."""
    kind = KIND_LABELS.get(incident["kind"], incident["kind"])
    status = STATUS_LABELS.get(incident["status"], incident["status"])
    crowd = "" if pd.isna(incident["crowd_size"]) else f" · crowd ≈ {int(incident['crowd_size'])}"
    return html.Div(
        [
            html.H3(str(incident["title"]), className="detail-title"),
            html.Div(
                f"{kind} · {status} · {city_name}{crowd}",
                className="detail-meta",
            ),
            html.Div(
                f"{incident['address'] or ''} · started "
                f"{local_time(incident['started_at'], tz, with_date=True) or 'unknown'}",
                className="detail-meta",
            ),
        ]
    )


def report_link(incident_id: str) -> html.A:
    """A small link to the incident's printable after-action report, in a new tab."""
    return html.A(
        "After-action report",
        id=ids.OPS_REPORT_LINK,
        href=f"/report/{quote(incident_id, safe='/:@+')}",
        target="_blank",
        rel="noopener",
        className="detail-report-link",
    )


def superseded_ids(events: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Map (source, event_id) of each corrected event to the id of the event correcting it."""
    found = {}
    for ev in events.itertuples():
        old = (ev.payload.get("data") or {}).get("supersedes")
        if isinstance(old, str):
            found[(ev.source, old)] = ev.event_id
    return found


def timeline(events: pd.DataFrame, tz: str, agency_names: dict[str, str] | None = None) -> html.Ol:
    """Every event in the order it happened; a corrected one stays, marked as superseded."""
    superseded = superseded_ids(events)
    names = agency_names or {}
    items = []
    for ev in events.itertuples():
        data = ev.payload.get("data") or {}
        agency = (
            f" · {names.get(ev.agency_id, ev.agency_id)}" if isinstance(ev.agency_id, str) else ""
        )
        channel = f" · by {data['channel']}" if isinstance(data.get("channel"), str) else ""
        note = data.get("text")
        replaced = (ev.source, ev.event_id) in superseded
        item = html.Li(
            [
                html.Span(
                    local_time(ev.occurred_at, tz, with_date=True),
                    className="tl-time",
                    title=utc_text(ev.occurred_at),
                ),
                html.Span(f" {ev.type}{agency}{channel}", className="tl-type"),
                html.Span(f" — {ev.source}", className="tl-source"),
                html.Span(" superseded", className="tl-flag") if replaced else None,
                html.Span(" correction", className="tl-flag")
                if isinstance(data.get("supersedes"), str)
                else None,
                html.Div(str(note), className="tl-note") if note else None,
            ],
            className="tl-superseded" if replaced else None,
        )
        items.append(with_data(item, event=f"{ev.source}/{ev.event_id}"))
    return html.Ol(items, className="timeline")


def incident_detail(
    incident: pd.Series,
    claims: pd.DataFrame,
    tracks: pd.DataFrame,
    agency_names: dict[str, str],
    tz: str,
    city_name: str,
    now: datetime,
    tolerance: timedelta,
    alarm_after: timedelta,
    notice: Mapping | None = None,
) -> html.Div:
    """Assemble the header, the notice line, the matrix and the list of disputed steps."""
    kind = str(incident["kind"])
    min_lead_s = float(notice["min_lead_s"]) if notice is not None else 0.0
    panel = html.Div(
        [
            incident_header(incident, tz, city_name),
            report_link(str(incident["id"])),
            html.H4("Notifications and response"),
            notice_line(notice, kind, agency_names) if notice is not None else None,
            html.Div(
                notification_matrix(
                    claims,
                    tracks,
                    incident,
                    agency_names,
                    tz,
                    now,
                    tolerance,
                    alarm_after,
                    min_lead_s,
                ),
                className="matrix-wrap",
            ),
            dispute_lines(claims, agency_names, tz, tolerance),
        ],
        className="detail",
    )
    return with_data(panel, incident=str(incident["id"]))

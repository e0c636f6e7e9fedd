"""The sections of an after-action report, as Dash components over plain frames.

The matrix, notice line and dispute rule are the detail panel's own (figures/matrix.py,
rules/disputes.py); this adds the tables a record needs: every claim, every dispute,
every event, and the digest with the rule to recompute it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from dash import html

from dashboard.clock import city_time, utc_text
from dashboard.domain import STATUS_LABELS, STEP_LABELS, format_duration
from dashboard.figures.detail import superseded_ids
from dashboard.figures.theme import KIND_LABELS
from dashboard.rules.digest import DIGEST_RULE
from dashboard.rules.disputes import step_summary

REPORT_TIME = "%Y-%m-%d %H:%M:%S"
# Incident fields an event's summary names, in this order.
SUMMARY_FIELDS = ("title", "kind", "status", "address", "started_at", "crowd_size")


def moment(value: Any, tz: str) -> html.Span:
    """A time in city time with its zone, UTC on hover; empty when unknown."""
    if value is None or pd.isna(value):
        return html.Span("—", className="aar-none")
    return html.Span(city_time(value, tz, REPORT_TIME), title=utc_text(value), className="aar-time")


def report_header(
    incident: pd.Series, tz: str, city_name: str, events: pd.DataFrame, generated_at: datetime
) -> html.Header:
    """Title, kind, status, city and the incident's times in the city's time zone."""
    kind = KIND_LABELS.get(incident["kind"], incident["kind"])
    status = STATUS_LABELS.get(incident["status"], incident["status"])
    crowd = "" if pd.isna(incident["crowd_size"]) else f" · crowd ≈ {int(incident['crowd_size'])}"
    seqs = f"seq {int(events['seq'].min())} to {int(events['seq'].max())}" if len(events) else ""
    facts: list[tuple[str, str | html.Span]] = [
        ("Incident id", str(incident["id"])),
        ("Address", str(incident["address"] or "—")),
        ("Started", moment(incident["started_at"], tz)),
        ("First reported", moment(incident["reported_at"], tz)),
        ("Last event", moment(incident["updated_at"], tz)),
        ("Time zone", f"{tz} (hover a time for UTC)"),
        ("Events", f"{len(events)} ({seqs})"),
        ("Report generated", moment(generated_at, tz)),
    ]
    return html.Header(
        [
            html.Div("Heads-Up · After-action report", className="aar-brand"),
            html.H1(str(incident["title"]), className="aar-title"),
            html.Div(f"{kind} · {status} · {city_name}{crowd}", className="aar-meta"),
            html.Dl(
                [part for name, value in facts for part in (html.Dt(name), html.Dd(value))],
                className="aar-facts",
            ),
        ]
    )


def _table(head: list[str], rows: list[list[Any]], class_name: str) -> html.Table:
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
        className=f"aar-table {class_name}",
    )


def claims_table(claims: pd.DataFrame, names: dict[str, str], tz: str) -> html.Table | html.P:
    """Every standing claim: agency, step, time, source, channel, seq and event id."""
    if claims.empty:
        return html.P("No agency was claimed notified or responding.", className="aar-none")
    ordered = claims.sort_values(["agency_id", "occurred_at", "seq"])
    rows = [
        [
            names.get(c["agency_id"], c["agency_id"]),
            STEP_LABELS.get(c["step"], c["step"]),
            moment(c["occurred_at"], tz),
            c["source"],
            c["channel"] if isinstance(c["channel"], str) else "",
            str(int(c["seq"])),
            c["event_id"],
        ]
        for c in ordered.to_dict("records")
    ]
    head = ["Agency", "Step", "When (city time)", "Source", "Channel", "Seq", "Event id"]
    return _table(head, rows, "aar-claims")


def disputes_table(
    claims: pd.DataFrame, names: dict[str, str], tz: str, tolerance: timedelta
) -> html.Table | html.P:
    """Each disputed step with every source's reading and how far apart they lie."""
    summary = step_summary(claims, tolerance)
    disputed = summary[summary["disputed"].astype(bool)]
    if disputed.empty:
        return html.P(
            f"No disputes: every step's claims lie within {format_duration(tolerance)}.",
            className="aar-none",
        )
    rows = []
    for d in disputed.to_dict("records"):
        mine = claims[(claims["agency_id"] == d["agency_id"]) & (claims["step"] == d["step"])]
        readings = [
            html.Div([moment(c["occurred_at"], tz), f" — {c['source']} (seq {int(c['seq'])})"])
            for c in mine.sort_values("occurred_at").to_dict("records")
        ]
        spread = format_duration(d["last_at"] - d["first_at"])
        rows.append(
            [names.get(d["agency_id"], d["agency_id"]), STEP_LABELS[d["step"]], readings, spread]
        )
    return _table(["Agency", "Step", "Readings", "Apart by"], rows, "aar-disputes")


def event_summary(ev: dict[str, Any], names: dict[str, str], tz: str) -> str:
    """One line saying what an event says: fields reported, agency, channel, note."""
    payload = ev["payload"]
    fields = dict(payload.get("incident") or {})
    data = payload.get("data") or {}
    if isinstance(fields.get("started_at"), str):
        fields["started_at"] = city_time(pd.Timestamp(fields["started_at"]), tz, REPORT_TIME)
    parts = [f"{k}: {fields[k]}" for k in SUMMARY_FIELDS if fields.get(k) is not None]
    if isinstance(ev["agency_id"], str):
        parts.append(names.get(ev["agency_id"], ev["agency_id"]))
    for key in ("channel", "by", "text"):
        if isinstance(data.get(key), str):
            parts.append(f"{key}: {data[key]}")
    if isinstance(data.get("supersedes"), str):
        parts.append(f"corrects {data['supersedes']}")
    if data.get("retract"):
        parts.append("retracts the claim")
    return " · ".join(parts)


def timeline_table(events: pd.DataFrame, tz: str, names: dict[str, str]) -> html.Table:
    """Every event in seq order (arrival), with when it happened and when it was received."""
    replaced = superseded_ids(events)
    rows = []
    for ev in events.sort_values("seq").to_dict("records"):
        flag = " (superseded)" if (ev["source"], ev["event_id"]) in replaced else ""
        rows.append(
            [
                str(int(ev["seq"])),
                moment(ev["occurred_at"], tz),
                moment(ev["received_at"], tz),
                ev["source"],
                f"{ev['type']}{flag}",
                event_summary(ev, names, tz),
            ]
        )
    head = ["Seq", "Occurred", "Received", "Source", "Type", "Summary"]
    return _table(head, rows, "aar-timeline")


def digest_section(digest: str, events: pd.DataFrame) -> html.Div:
    """The digest, the rule that makes it, and each event's body hash to recompute it."""
    hashes = [
        [str(int(e["seq"])), e["source"], e["event_id"], html.Code(e["body_hash"])]
        for e in events.sort_values("seq").to_dict("records")
    ]
    return html.Div(
        [
            html.P(["SHA-256: ", html.Code(digest, id="aar-digest", className="aar-digest")]),
            html.P(f"Rule: {DIGEST_RULE}", className="aar-rule"),
            _table(["Seq", "Source", "Event id", "Body hash"], hashes, "aar-hashes"),
        ]
    )

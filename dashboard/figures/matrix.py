"""The agency x step matrix of one incident: times, lead or elapsed time, sources, disputes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from dash import html

from dashboard import ids
from dashboard.domain import STEPS, describe_lead_time, describe_range, format_duration
from dashboard.figures.markup import with_data

STEP_LABELS = {s: s.replace("_", " ") for s in STEPS}
ALWAYS_SHOWN = ("notified", "acknowledged", "assistance_requested", "on_scene")
RESPONSE_STEPS = ("dispatched", "en_route", "on_scene", "cleared", "declined")
FINISHED = ("on_scene", "cleared", "declined")
# Protests are not announced in advance, so "not notified" there is no alarm.
ADVANCE_NOTICE_KINDS = ("operation", "staging")


def local_time(moment: pd.Timestamp | datetime | None, tz: str, with_date: bool = False) -> str:
    """Format a timestamp in the city's time zone, with its abbreviation (PDT, PST...)."""
    if moment is None or pd.isna(moment):
        return ""
    local = pd.Timestamp(moment).tz_convert(ZoneInfo(tz))
    return local.strftime("%b %d %H:%M %Z" if with_date else "%H:%M %Z")


def shown_steps(claims: pd.DataFrame) -> list[str]:
    """Return the step columns: the usual four, plus any other step somebody claimed."""
    claimed = set(claims["step"])
    return [s for s in STEPS if s in ALWAYS_SHOWN or s in claimed]


def beside(
    step: str, moment: pd.Timestamp, source: str, track: pd.Series, claims: pd.DataFrame
) -> str:
    """Return the lead or elapsed time shown beside a claimed step time."""
    if step == "notified":
        start = track.get("started_at")
        if start is None or pd.isna(start):
            return ""
        lead = start - moment
        return describe_lead_time(lead).removeprefix("notified ")
    if step in RESPONSE_STEPS:
        since = request_time(claims, source)
        return f"+{format_duration(moment - since)}" if since is not None else ""
    if step == "acknowledged" and pd.notna(track.get("notified_at")):
        return f"+{format_duration(moment - track['notified_at'])}"
    return ""


def request_time(claims: pd.DataFrame, source: str) -> pd.Timestamp | None:
    """Return the request a source's claim is measured from: its own, else the earliest."""
    asked = claims[claims["step"] == "assistance_requested"]
    if asked.empty:
        return None
    own = asked.loc[asked["source"] == source, "occurred_at"]
    return own.min() if len(own) else asked["occurred_at"].min()


def step_cell(
    step: str, mine: pd.DataFrame, track: pd.Series, tz: str, tolerance: timedelta
) -> html.Td:
    """One cell: a single reading with its sources, or every reading when disputed."""
    here = mine[mine["step"] == step].sort_values(["occurred_at", "source"])
    if here.empty:
        return with_data(html.Td("", className="matrix-cell"), step=step)
    spread = here["occurred_at"].max() - here["occurred_at"].min()
    if spread <= tolerance:
        first = here.iloc[0]
        sources = ", ".join(sorted(set(here["source"])))
        cell = html.Td(
            _reading(step, first["occurred_at"], sources, track, mine, tz),
            className="matrix-cell",
        )
        return with_data(cell, step=step)
    lines = [_reading(step, c.occurred_at, c.source, track, mine, tz) for c in here.itertuples()]
    cell = html.Td(
        [html.Span("disputed", className="badge-disputed"), *lines],
        className="matrix-cell cell-disputed",
    )
    return with_data(cell, step=step, disputed="true")


def _reading(
    step: str, moment: pd.Timestamp, sources: str, track: pd.Series, claims: pd.DataFrame, tz: str
) -> html.Div:
    extra = beside(step, moment, sources.split(", ")[0], track, claims)
    return html.Div(
        [
            html.Span(local_time(moment, tz), className="claim-time"),
            html.Span(f" {extra}", className="claim-beside") if extra else None,
            html.Span(f" {sources}", className="claim-source"),
        ],
        className="claim",
    )


def lead_cell(track: pd.Series, kind: str) -> html.Td:
    """The lead-time cell: 'not notified' in the alarm colour where notice was due."""
    lead_s = track["lead_time_s"]
    lead = None if pd.isna(lead_s) else timedelta(seconds=float(lead_s))
    due = kind in ADVANCE_NOTICE_KINDS
    if lead is None and pd.notna(track["notified_at"]):
        text, state = "notified (start unknown)", "ok"
    else:
        text = describe_lead_time(lead)
        late = lead is None or lead < timedelta(0)
        state = "alarm" if late and due else ("muted" if lead is None else "ok")
    return with_data(html.Td(text, className=f"matrix-lead lead-{state}"), state=state)


def response_cell(track: pd.Series, now: datetime, alarm_after: timedelta) -> html.Td:
    """The response time (a range when disputed), or a live counter while still awaited."""
    lo, hi = track["response_lo_s"], track["response_hi_s"]
    if pd.notna(lo):
        text = describe_range(timedelta(seconds=float(lo)), timedelta(seconds=float(hi)))
        disputed = lo != hi
        return html.Td(
            [text, html.Span("disputed", className="badge-disputed") if disputed else None],
            className="matrix-response",
        )
    requested = track["assistance_requested_at"]
    if pd.isna(requested) or any(pd.notna(track[f"{s}_at"]) for s in FINISHED):
        return html.Td("", className="matrix-response")
    waited = now - requested
    late = waited > alarm_after
    counter = html.Span(
        f"waiting {format_duration(waited)}",
        id={"type": ids.ELAPSED, "index": str(track["agency_id"])},
        className="elapsed elapsed-alarm" if late else "elapsed",
    )
    since = pd.Timestamp(requested).isoformat()
    alarm_s = str(int(alarm_after.total_seconds()))
    return html.Td(
        with_data(counter, since=since, alarm_after=alarm_s), className="matrix-response"
    )


def notification_matrix(
    claims: pd.DataFrame,
    tracks: pd.DataFrame,
    incident: pd.Series,
    agency_names: dict[str, str],
    tz: str,
    now: datetime,
    tolerance: timedelta,
    alarm_after: timedelta,
) -> html.Table:
    """Agency rows (local agencies first, told or not) by step columns."""
    steps = shown_steps(claims)
    header = html.Tr(
        [
            html.Th("Agency"),
            html.Th("Lead time"),
            html.Th("Response"),
            *[html.Th(STEP_LABELS[s]) for s in steps],
        ]
    )
    ordered = tracks.sort_values(["local", "agency_id"], ascending=[False, True])
    rows = [header]
    for track in ordered.to_dict("records"):
        track = pd.Series({**track, "started_at": incident["started_at"]})
        mine = claims[claims["agency_id"] == track["agency_id"]]
        name = agency_names.get(track["agency_id"], track["agency_id"])
        cells = [
            html.Td(
                [name, html.Span(" local", className="agency-local") if track["local"] else None],
                className="matrix-agency",
            ),
            lead_cell(track, str(incident["kind"])),
            response_cell(track, now, alarm_after),
            *[step_cell(s, mine, track, tz, tolerance) for s in steps],
        ]
        rows.append(with_data(html.Tr(cells), agency=str(track["agency_id"])))
    return html.Table(rows, className="matrix")


def dispute_lines(
    claims: pd.DataFrame, agency_names: dict[str, str], tz: str, tolerance: timedelta
) -> html.Ul | None:
    """One line per disputed step: 'on scene: 38 min (lasd-cad) · 2 h 7 min (ice-ero)'."""
    lines = []
    for (agency, step), here in claims.groupby(["agency_id", "step"], sort=True):
        if here["occurred_at"].max() - here["occurred_at"].min() <= tolerance:
            continue
        readings = []
        for c in here.sort_values("occurred_at").itertuples():
            since = request_time(claims[claims["agency_id"] == agency], c.source)
            measured = step in RESPONSE_STEPS and since is not None
            value = (
                format_duration(c.occurred_at - since)
                if measured
                else local_time(c.occurred_at, tz)
            )
            readings.append(f"{value} ({c.source})")
        line = html.Li(
            [
                html.Span("disputed", className="badge-disputed"),
                f" {agency_names.get(str(agency), str(agency))}, {STEP_LABELS[str(step)]}: ",
                " · ".join(readings),
            ]
        )
        lines.append(with_data(line, agency=str(agency), step=str(step)))
    return html.Ul(lines, className="disputes") if lines else None

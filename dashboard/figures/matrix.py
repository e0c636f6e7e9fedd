"""The agency x step matrix of one incident: times, lead or elapsed time, sources, disputes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from dash import html

from dashboard import ids
from dashboard.domain import (
    ALWAYS_SHOWN_STEPS,
    FINISH_STEPS,
    NOTICE_DUE_KINDS,
    REQUEST,
    START,
    STEP_BY_NAME,
    STEP_LABELS,
    STEPS,
    describe_lead_time,
    describe_range,
    format_duration,
)
from dashboard.figures.markup import with_data
from dashboard.figures.theme import KIND_LABELS
from dashboard.rules.disputes import disputed
from dashboard.rules.notice import ADVANCE, describe_notice


def local_time(moment: pd.Timestamp | datetime | None, tz: str, with_date: bool = False) -> str:
    """Format a timestamp in the city's time zone, with its abbreviation (PDT, PST...)."""
    if moment is None or pd.isna(moment):
        return ""
    local = pd.Timestamp(moment).tz_convert(ZoneInfo(tz))
    return local.strftime("%b %d %H:%M %Z" if with_date else "%H:%M %Z")


def shown_steps(claims: pd.DataFrame) -> list[str]:
    """Return the step columns: the usual four, plus any other step somebody claimed."""
    claimed = set(claims["step"])
    return [s for s in STEPS if s in ALWAYS_SHOWN_STEPS or s in claimed]


Readings = dict[str, list[tuple[pd.Timestamp, str]]]


def readings_by_agency(claims: pd.DataFrame) -> dict[str, Readings]:
    """Group claims as agency -> step -> [(time, source)], oldest first, in one pass."""
    found: dict[str, Readings] = {}
    for c in claims.sort_values(["occurred_at", "source"]).itertuples():
        found.setdefault(str(c.agency_id), {}).setdefault(str(c.step), []).append(
            (c.occurred_at, str(c.source))
        )
    return found


def since_time(readings: Readings, step: str, source: str) -> pd.Timestamp | None:
    """Return the claim a step is measured from: the source's own, else the earliest."""
    base = STEP_BY_NAME[step].since
    earlier = readings.get(base, []) if base and base != START else []
    own = [t for t, s in earlier if s == source]
    return own[0] if own else (earlier[0][0] if earlier else None)


def beside(
    step: str, moment: pd.Timestamp, source: str, track: pd.Series, readings: Readings
) -> str:
    """Return the lead (from the incident start) or elapsed time shown beside a step time."""
    if STEP_BY_NAME[step].since == START:
        start = track.get("started_at")
        if start is None or pd.isna(start):
            return ""
        return describe_lead_time(start - moment).removeprefix("notified ")
    since = since_time(readings, step, source)
    return f"+{format_duration(moment - since)}" if since is not None else ""


def step_cell(
    step: str, readings: Readings, track: pd.Series, tz: str, tolerance: timedelta
) -> html.Td:
    """One cell: a single reading with its sources, or every reading when disputed."""
    here = readings.get(step, [])
    if not here:
        return with_data(html.Td("", className="matrix-cell"), step=step)
    if not disputed(here[0][0], here[-1][0], tolerance):
        sources = ", ".join(sorted({s for _t, s in here}))
        reading = _reading(step, here[0][0], sources, track, readings, tz)
        return with_data(html.Td(reading, className="matrix-cell"), step=step)
    lines = [_reading(step, t, s, track, readings, tz) for t, s in here]
    cell = html.Td(
        [html.Span("disputed", className="badge-disputed"), *lines],
        className="matrix-cell cell-disputed",
    )
    return with_data(cell, step=step, disputed="true")


def _reading(
    step: str, moment: pd.Timestamp, sources: str, track: pd.Series, readings: Readings, tz: str
) -> html.Div:
    extra = beside(step, moment, sources.split(", ")[0], track, readings)
    return html.Div(
        [
            html.Span(local_time(moment, tz), className="claim-time"),
            html.Span(f" {extra}", className="claim-beside") if extra else None,
            html.Span(f" {sources}", className="claim-source"),
        ],
        className="claim",
    )


def lead_cell(track: pd.Series, kind: str, min_lead_s: float = 0.0) -> html.Td:
    """The lead-time cell: short of the city's minimum lead in the alarm colour where due."""
    lead_s = track["lead_time_s"]
    lead = None if pd.isna(lead_s) else timedelta(seconds=float(lead_s))
    due = kind in NOTICE_DUE_KINDS
    if lead is None and pd.notna(track["notified_at"]):
        text, state = "notified (start unknown)", "ok"
    else:
        text = describe_lead_time(lead)
        late = lead is None or lead.total_seconds() < min_lead_s
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
    requested = track[f"{REQUEST}_at"]
    if pd.isna(requested) or any(pd.notna(track[f"{s}_at"]) for s in FINISH_STEPS):
        return html.Td("", className="matrix-response")
    waited = now - requested
    late = waited > alarm_after
    counter = html.Span(
        f"waiting {format_waiting(waited)}",
        id={"type": ids.ELAPSED, "index": str(track["agency_id"])},
        className="elapsed elapsed-alarm" if late else "elapsed",
    )
    since = pd.Timestamp(requested).isoformat()
    alarm_s = str(int(alarm_after.total_seconds()))
    return html.Td(
        with_data(counter, since=since, alarm_after=alarm_s), className="matrix-response"
    )


def format_waiting(waited: timedelta) -> str:
    """Render a wait with seconds under an hour, as the browser's live counter does."""
    seconds = max(0, int(waited.total_seconds()))
    if seconds >= 3600:
        return format_duration(waited)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def notification_matrix(
    claims: pd.DataFrame,
    tracks: pd.DataFrame,
    incident: pd.Series,
    agency_names: dict[str, str],
    tz: str,
    now: datetime,
    tolerance: timedelta,
    alarm_after: timedelta,
    min_lead_s: float = 0.0,
) -> html.Table:
    """Step rows by agency columns (local agencies first, told or not).

    Agencies run across because an incident has few of them and many steps, so the
    matrix fits the detail panel without scrolling sideways.
    """
    ordered = tracks.sort_values(["local", "agency_id"], ascending=[False, True])
    columns = [
        pd.Series({**t, "started_at": incident["started_at"]}) for t in ordered.to_dict("records")
    ]
    header = [html.Th("")]
    for track in columns:
        name = agency_names.get(track["agency_id"], track["agency_id"])
        local = html.Span(" local", className="agency-local") if track["local"] else None
        th = html.Th([name, local], className="matrix-agency")
        header.append(with_data(th, agency=str(track["agency_id"])))
    kind = str(incident["kind"])
    rows = [
        html.Tr(header),
        html.Tr([html.Th("lead time"), *[lead_cell(t, kind, min_lead_s) for t in columns]]),
        html.Tr([html.Th("response"), *[response_cell(t, now, alarm_after) for t in columns]]),
    ]
    by_agency = readings_by_agency(claims)
    for step in shown_steps(claims):
        cells = [
            with_data(
                step_cell(step, by_agency.get(str(t["agency_id"]), {}), t, tz, tolerance),
                agency=str(t["agency_id"]),
            )
            for t in columns
        ]
        rows.append(html.Tr([html.Th(STEP_LABELS[step]), *cells]))
    return html.Table(rows, className="matrix")


def dispute_lines(
    claims: pd.DataFrame, agency_names: dict[str, str], tz: str, tolerance: timedelta
) -> html.Ul | None:
    """One line per disputed step: 'on scene: 38 min (lasd-cad) · 2 h 7 min (ice-ero)'."""
    lines = []
    for agency, readings in sorted(readings_by_agency(claims).items()):
        for step in STEPS:
            here = readings.get(step, [])
            if not here or not disputed(here[0][0], here[-1][0], tolerance):
                continue
            values = []
            for moment, source in here:
                since = since_time(readings, step, source)
                value = format_duration(moment - since) if since is not None else None
                values.append(f"{value or local_time(moment, tz)} ({source})")
            line = html.Li(
                [
                    html.Span("disputed", className="badge-disputed"),
                    f" {agency_names.get(agency, agency)}, {STEP_LABELS[step]}: ",
                    " · ".join(values),
                ]
            )
            lines.append(with_data(line, agency=agency, step=step))
    return html.Ul(lines, className="disputes") if lines else None


def notice_line(notice: Mapping, kind: str, agency_names: Mapping[str, str]) -> html.Div:
    """The line above the matrix: told in advance, or who was not told and who was late.

    Alarm-coloured where notice was due (operations, staging sites), muted for protests,
    which are not announced.
    """
    told = notice["notice"] == ADVANCE
    details = describe_notice(notice, agency_names)
    if kind not in NOTICE_DUE_KINDS:
        # Nobody owes notice of a protest: what was told is shown, never as a failing.
        plural = KIND_LABELS.get(kind, kind).lower() + "s"
        text = f"Notice (not required for {plural}): {details or 'none'}"
        line = html.Div(text, className="matrix-notice lead-muted")
        return with_data(line, state="muted", notice=str(notice["notice"]))
    headline = "Told in advance" if told else "Not told in advance"
    state = "ok" if told else "alarm"
    text = f"{headline} — {details}" if details else headline
    line = html.Div(text, className=f"matrix-notice lead-{state}")
    return with_data(line, state=state, notice=str(notice["notice"]))

"""The wall's open-alarms panel: the most severe alarms, each in two short lines.

A row's first line names the alarm and counts its duration up; its second says where and
the facts (who was not told, how late, whose request waits) with agencies by short name,
and the incident's title last, so a long title is what gets cut, never a fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pandas as pd
from dash import html

from dashboard.domain import format_duration
from dashboard.figures.markup import with_data

ALARM_WORDS = {
    "not_told": "NOT TOLD IN ADVANCE",
    "unacknowledged": "REQUEST NOT ACKNOWLEDGED",
    "not_on_scene": "NOT ON SCENE",
    "source_silent": "SOURCE SILENT",
}
TIMED_WORDS = {
    "unacknowledged": "request not acknowledged",
    "not_on_scene": "not on scene since the request",
}
# Rows of up to three lines that fit above a ticker of eight at 16:9; the rest are counted.
MAX_ALARM_ROWS = 3


def since_span(since: object, now: datetime) -> html.Span:
    """Return a duration the browser keeps counting up from `since`."""
    if since is None or pd.isna(since):
        return html.Span("")
    moment = pd.Timestamp(since)
    text = format_duration(now - moment.to_pydatetime())
    return with_data(html.Span(text, className="since"), since=moment.isoformat())


def told_facts(notice: Mapping, short: Mapping[str, str]) -> str:
    """Say, in short names, who was told late and by how much, and who was not told."""
    needed = float(notice["min_lead_s"])
    # A name never breaks across the alarm's two lines ("LA / Mayor").
    short = {a: n.replace(" ", "\u00a0") for a, n in short.items()}
    parts = []
    for agency, late_s in notice["late"]:
        lead = needed - float(late_s)
        name = short.get(agency, agency)
        if lead < 0:
            parts.append(f"{name} told {format_duration(timedelta(seconds=-lead))} late")
        else:
            parts.append(f"{name} told only {format_duration(timedelta(seconds=lead))} ahead")
    untold = [short.get(a, a) for a in notice["not_told"]]
    if untold:
        parts.append(f"{', '.join(untold)} not told")
    return " · ".join(parts) or "no local agency known"


def alarm_facts(
    alarm: Mapping, now: datetime, short: Mapping[str, str], notice: Mapping | None = None
) -> list[str | html.Span]:
    """Return what is wrong without the heading's words: who, how late, or how long silent."""
    kind = alarm["kind"]
    if kind == "not_told" and notice is not None:
        return [told_facts(notice, short)]
    agency = alarm.get("agency_id")
    if kind in TIMED_WORDS and isinstance(agency, str):
        return [f"{short.get(agency, agency)} {TIMED_WORDS[kind]}"]
    if kind == "source_silent" and alarm.get("source"):
        # `since` is the source's newest event: it did send, and has been quiet since.
        return [f"{alarm['source']}: silent for ", since_span(alarm["since"], now)]
    message = str(alarm["message"])
    prefix = "not told in advance: "
    return [message[len(prefix) :] if message.startswith(prefix) else message]


def alarm_row(
    alarm: Mapping,
    place: tuple[str, str],
    now: datetime,
    short: Mapping[str, str],
    notice: Mapping | None,
) -> html.Div:
    """Return one alarm: its name and duration, then the city, the facts and the title."""
    city, title = place
    facts = alarm_facts(alarm, now, short, notice)
    line = [html.B(f"{city}: "), *facts] if city else facts
    if title:
        line.append(html.Span(f" · {title}", className="alarm-title"))
    kind = html.Div(
        [html.Span("▲ ", className="alarm-icon"), ALARM_WORDS[alarm["kind"]], " · for ",
         since_span(alarm["since"], now)],
        className="alarm-kind",
    )  # fmt: skip
    return html.Div(
        [kind, html.Div(line, className="alarm-what")],
        className=f"wall-alarm wall-alarm-{alarm['kind']}",
    )


def alarm_rows(
    alarms: pd.DataFrame,
    titles: Mapping[str, str],
    city_names: Mapping[str, str],
    now: datetime,
    short: Mapping[str, str] | None = None,
    notices: Mapping[str, Mapping] | None = None,
) -> list[html.Div | html.H2]:
    """Return the alarms in the order given (most severe first), as many as fit, counted."""
    short, notices = short or {}, notices or {}
    rows: list[html.Div | html.H2] = []
    for alarm in alarms.head(MAX_ALARM_ROWS).to_dict("records"):
        incident = alarm.get("incident_id")
        city = city_names.get(alarm.get("city") or "", "")
        title = titles.get(incident, incident) if isinstance(incident, str) else ""
        notice = notices.get(incident) if isinstance(incident, str) else None
        rows.append(alarm_row(alarm, (city, title), now, short, notice))
    if not rows:
        rows.append(html.Div("No open alarms", className="alarm-none"))
    # The count goes in the heading, not in a row of its own: the ticker keeps its lines.
    hidden = len(alarms) - MAX_ALARM_ROWS
    more = f" · {hidden} more not shown" if hidden > 0 else ""
    return [html.H2(f"Open alarms: {len(alarms)}{more}", className="wall-heading"), *rows]

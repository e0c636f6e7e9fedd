"""The wall's panels in words: open alarms, the event ticker and the open-requests tile.

Durations are `since` spans: the browser counts them up every second (assets/wall.js), so
"for how long" stays true between server answers without asking the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from dash import html

from dashboard.domain import STEP_BY_EVENT, STEP_LABELS, format_duration
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.markup import with_data

ALARM_WORDS = {
    "not_told": "NOT TOLD IN ADVANCE",
    "unacknowledged": "REQUEST NOT ACKNOWLEDGED",
    "not_on_scene": "NOT ON SCENE",
    "source_silent": "SOURCE SILENT",
}
INCIDENT_WORDS = {
    "incident.reported": "reported",
    "incident.updated": "updated",
    "incident.closed": "closed",
    "note.added": "note on",
}
# Never more alarm rows than fit; the rest are counted in one line.
MAX_ALARM_ROWS = 2
# The operations view's tiles with labels short enough for 32 px type on a wall.
WALL_TILES = (
    ("not_told", "Not told in advance", True),
    ("operations", "Active operations", False),
    ("staging", "Staging sites", False),
    ("protests", "Protests", False),
)


def since_span(since: object, now: datetime) -> html.Span:
    """Return a duration the browser keeps counting up from `since`."""
    if since is None or pd.isna(since):
        return html.Span("")
    moment = pd.Timestamp(since)
    text = format_duration(now - moment.to_pydatetime())
    return with_data(html.Span(text, className="since"), since=moment.isoformat())


def alarm_rows(
    alarms: pd.DataFrame,
    titles: Mapping[str, str],
    city_names: Mapping[str, str],
    now: datetime,
    agencies: Mapping[str, str] | None = None,
) -> list[html.Div | html.H2]:
    """Return one row per open alarm: what is wrong, where, since when; newest first."""
    rows: list[html.Div | html.H2] = []
    for alarm in alarms.head(MAX_ALARM_ROWS).to_dict("records"):
        incident = alarm.get("incident_id")
        where = titles.get(incident, incident) if isinstance(incident, str) else alarm["source"]
        city = city_names.get(alarm.get("city") or "", "")
        head = f"{where} · {city}" if city else str(where)
        rows.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span("▲ ", className="alarm-icon"),
                            ALARM_WORDS[alarm["kind"]],
                            " · for ",
                            since_span(alarm["since"], now),
                        ],
                        className="alarm-kind",
                    ),
                    html.Div(head, className="alarm-where"),
                    html.Div(what_is_wrong(alarm, agencies or {}), className="alarm-what"),
                ],
                className=f"wall-alarm wall-alarm-{alarm['kind']}",
            )
        )
    if not rows:
        rows.append(html.Div("No open alarms", className="alarm-none"))
    # The count goes in the heading, not in a row of its own: the ticker keeps its lines.
    shown = f" · newest {MAX_ALARM_ROWS} shown" if len(alarms) > MAX_ALARM_ROWS else ""
    return [html.H2(f"Open alarms: {len(alarms)}{shown}", className="wall-heading"), *rows]


def what_is_wrong(alarm: Mapping, agencies: Mapping[str, str] | None = None) -> str:
    """Return an alarm's message without what its heading already says.

    The heading names the alarm and counts its duration up in the browser; a duration in
    this line too was fixed when the alarm was computed and soon disagreed with it.
    """
    agency = alarm.get("agency_id")
    who = (agencies or {}).get(agency, agency) if isinstance(agency, str) else None
    if alarm["kind"] in TIMED_WORDS and who:
        return f"{who}: {TIMED_WORDS[alarm['kind']]}"
    if alarm["kind"] == "source_silent" and alarm.get("source"):
        return f"{alarm['source']}: no events received"
    message = str(alarm["message"])
    prefix = "not told in advance: "
    return message[len(prefix) :] if message.startswith(prefix) else message


TIMED_WORDS = {
    "unacknowledged": "request not acknowledged",
    "not_on_scene": "not on scene since the request",
}


def event_words(event: Mapping, titles: Mapping[str, str], agencies: Mapping[str, str]) -> str:
    """Say what an event did, with its agency's name and its incident's title."""
    title = titles.get(event["incident_id"], event["incident_id"] or "")
    kind = str(event["type"])
    step = STEP_BY_EVENT.get(kind)
    if step is not None:
        agency = event.get("agency_id")
        who = agency_short(agencies.get(agency, agency)) if isinstance(agency, str) else "an agency"
        return f"{who} {STEP_LABELS[step]} · {title}"
    payload = event.get("payload") or {}
    status = payload.get("status") if isinstance(payload, dict) else None
    if kind == "incident.updated" and isinstance(status, str):
        return f"{status}: {title}"
    return f"{INCIDENT_WORDS.get(kind, kind)}: {title}"


def ticker_rows(
    events: pd.DataFrame,
    titles: Mapping[str, str],
    agencies: Mapping[str, str],
    city_names: Mapping[str, str],
    city_tz: Mapping[str, str],
) -> list[html.Div]:
    """Return one line per event, newest first: city time, city, what happened, source."""
    rows = []
    for event in events.to_dict("records"):
        city = str(event.get("city") or "")
        zone = ZoneInfo(city_tz.get(city, "UTC"))
        at = pd.Timestamp(event["occurred_at"]).tz_convert(zone)
        rows.append(
            html.Div(
                [
                    html.Span(f"{at:%H:%M}", className="tick-time"),
                    html.Span(city_names.get(city, city), className="tick-city"),
                    html.Span(event_words(event, titles, agencies), className="tick-what"),
                    html.Span(str(event["source"]), className="tick-source"),
                ],
                className="tick-row",
            )
        )
    return rows or [html.Div("No events yet", className="tick-row")]


def wall_tiles(counts: Mapping[str, int]) -> list[html.Div]:
    """Return the KPI tiles with the wall's short labels; not told is loud when non-zero."""
    return kpi_tiles(counts, WALL_TILES)


def agency_short(name: str) -> str:
    """Shorten an agency's name to its initials for the ticker: LAPD, LASD-like forms."""
    words = [w for w in name.replace("'s", "").split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) > 2 else name


def requests_tile(requests: pd.DataFrame, now: datetime, request_column: str) -> html.Div:
    """Return the tile of open requests for assistance, the longest wait counting live."""
    count = len(requests)
    state = "alarm" if count else "normal"
    wait = since_span(requests[request_column].iloc[0], now) if count else ""
    tile = html.Div(
        [
            html.Div(str(count), className="kpi-value"),
            html.Div("Requests waiting", className="kpi-label"),
            html.Div(["longest ", wait] if count else "", className="kpi-detail"),
        ],
        className=f"kpi kpi-{state}",
        id="kpi-requests",
    )
    return with_data(tile, state=state)


# Board rows that fit under the map; the rest are counted in one line.
MAX_BOARD_ROWS = 4


def board_rows(board: pd.DataFrame, agencies: Mapping[str, str], now: datetime) -> list[html.Div]:
    """Return the agency board: agency, current step, time in it, incidents; late ones loud."""
    rows = []
    for row in board.head(MAX_BOARD_ROWS).to_dict("records"):
        name = agency_short(agencies.get(row["agency_id"], row["agency_id"]))
        step = STEP_LABELS.get(row["stage"], str(row["stage"]))
        count = int(row["incidents"])
        cells = [
            html.Span(("▲ " if row["late"] else "") + name, className="board-agency"),
            html.Span(step, className="board-step"),
            since_span(row["stage_at"], now),
            html.Span(f"{count} incident{'s' if count != 1 else ''}", className="board-count"),
        ]
        late = " board-late" if row["late"] else ""
        rows.append(
            with_data(html.Div(cells, className=f"board-row{late}"), late=str(row["late"]).lower())
        )
    if len(board) > MAX_BOARD_ROWS:
        rows.append(
            html.Div(f"+ {len(board) - MAX_BOARD_ROWS} more agencies", className="board-row")
        )
    return rows or [html.Div("No local agency involved yet", className="board-row")]

"""The wall's panels in words: the event ticker, the agency board and the requests tile.

Durations are `since` spans: the browser counts them up every second (assets/wall.js), so
"for how long" stays true between server answers without asking the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from dash import html

from dashboard.domain import REQUEST, STEP_BY_EVENT, STEP_LABELS, format_duration
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.markup import with_data
from dashboard.figures.short_names import agency_short
from dashboard.figures.wall_alarms import since_span

INCIDENT_WORDS = {
    "incident.reported": "reported",
    "incident.updated": "updated",
    "incident.closed": "closed",
    "note.added": "note on",
}
# The operations view's tiles with labels short enough for 32 px type on a wall.
WALL_TILES = (
    ("not_told", "Not told in advance", True),
    ("operations", "Active operations", False),
    ("staging", "Staging sites", False),
    ("protests", "Protests", False),
)

# An event that reached the server this much after it happened is flagged in the ticker.
LATE_ARRIVAL = pd.Timedelta(minutes=5)


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


def late_words(event: Mapping) -> str:
    """Say that an event arrived well after it happened, first: the ticker runs by arrival.

    A late report's time is earlier than the lines under it; without this it reads as
    the ticker being out of order.
    """
    occurred, received = event.get("occurred_at"), event.get("received_at")
    if occurred is None or received is None or pd.isna(occurred) or pd.isna(received):
        return ""
    delay = pd.Timestamp(received) - pd.Timestamp(occurred)
    if delay < LATE_ARRIVAL:
        return ""
    return f"arrived {format_duration(delay.to_pytimedelta())} late · "


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
        words = late_words(event) + event_words(event, titles, agencies)
        rows.append(
            html.Div(
                [
                    html.Span(f"{at:%H:%M}", className="tick-time"),
                    html.Span(city_names.get(city, city), className="tick-city"),
                    html.Span(words, className="tick-what"),
                    html.Span(str(event["source"]), className="tick-source"),
                ],
                className="tick-row",
            )
        )
    return rows or [html.Div("No events yet", className="tick-row")]


def wall_tiles(counts: Mapping[str, int]) -> list[html.Div]:
    """Return the KPI tiles with the wall's short labels; not told is loud when non-zero."""
    return kpi_tiles(counts, WALL_TILES)


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


# Board lines that fit under the map: a header, then agencies or the count of the rest.
MAX_BOARD_ROWS = 4
BOARD_HEADER = ("Agency", "Latest step", "For", "Incidents")
BOARD_CELLS = ("agency", "step", "for", "count")
# Step words that fit the board's step column at 32 px ("assistance requested" did not).
BOARD_STEP_WORDS = {**STEP_LABELS, REQUEST: "asked to help"}


def board_rows(board: pd.DataFrame, agencies: Mapping[str, str], now: datetime) -> list[html.Div]:
    """Return the agency board under its header: late agencies first, only they loud.

    Each row is an agency's step on its latest incident, how long it has been in it, and
    how many incidents in view it is on; ▲ and vermillion mark an agency an alarm names.
    """
    if board.empty:
        return [html.Div("No local agency involved yet", className="board-row")]
    # Count the rest in the last line only when more than one would be hidden by it.
    shown = board if len(board) <= MAX_BOARD_ROWS else board.head(MAX_BOARD_ROWS - 1)
    header = [
        html.Span(h, className=f"board-{c}") for h, c in zip(BOARD_HEADER, BOARD_CELLS, strict=True)
    ]
    rows = [html.Div(header, className="board-row board-header")]
    rows += [board_row(row, agencies, now) for row in shown.to_dict("records")]
    if len(board) > len(shown):
        rows.append(html.Div(f"+ {len(board) - len(shown)} more agencies", className="board-row"))
    return rows


def board_row(row: Mapping, agencies: Mapping[str, str], now: datetime) -> html.Div:
    """Return one agency's row: short name, latest step, time in it, incidents in view."""
    name = agency_short(agencies.get(row["agency_id"], row["agency_id"]))
    late = bool(row["late"])
    cells = [
        html.Span(("▲ " if late else "") + name, className="board-agency"),
        html.Span(BOARD_STEP_WORDS.get(row["stage"], str(row["stage"])), className="board-step"),
        html.Span(since_span(row["stage_at"], now), className="board-for"),
        html.Span(str(int(row["incidents"])), className="board-count"),
    ]
    loud = " board-late" if late else ""
    return with_data(html.Div(cells, className=f"board-row{loud}"), late=str(late).lower())

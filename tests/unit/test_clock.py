"""One clock convention: city time with its zone on screen, UTC on hover."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from dashboard.clock import city_time, utc_text
from dashboard.figures.detail import timeline
from dashboard.figures.incident_list import COLUMN_DEFS, RowLabels, incident_rows

SUMMER = datetime(2026, 6, 6, 19, 30, tzinfo=UTC)
WINTER = datetime(2026, 12, 1, 19, 30, tzinfo=UTC)


def test_trk620_city_time_carries_the_zone_abbreviation_across_dst() -> None:
    assert city_time(SUMMER, "America/Los_Angeles") == "12:30:00 PDT"
    assert city_time(WINTER, "America/Los_Angeles") == "11:30:00 PST"
    assert city_time(WINTER, "America/Chicago", "%b %d %H:%M") == "Dec 01 13:30 CST"
    # SQLite hands back naive UTC; an unknown zone falls back to UTC, labelled as such.
    assert city_time(pd.Timestamp("2026-12-01 19:30"), "Mars/Olympus") == "19:30:00 UTC"
    assert utc_text(WINTER) == "2026-12-01 19:30:00 UTC"


def test_trk621_the_list_shows_city_time_sorts_by_utc_and_hovers_utc() -> None:
    df = pd.DataFrame(
        [
            {"id": "a", "title": "A", "kind": "protest", "status": "active", "city": "la",
             "notified": [], "crowd_size": None, "updated_at": pd.Timestamp(WINTER)},
            {"id": "b", "title": "B", "kind": "protest", "status": "active", "city": "chi",
             "notified": [], "crowd_size": None, "updated_at": pd.Timestamp(SUMMER)},
        ]
    )  # fmt: skip
    zones = {"la": "America/Los_Angeles", "chi": "America/Chicago"}
    rows = incident_rows(df, RowLabels({"la": "Los Angeles"}, zones))
    assert [r["updated_local"] for r in rows] == ["Dec 01 11:30:00 PST", "Jun 06 14:30:00 CDT"]
    assert [r["updated"] for r in rows] == ["2026-12-01 19:30:00 UTC", "2026-06-06 19:30:00 UTC"]
    column = next(c for c in COLUMN_DEFS if c["field"] == "updated")
    assert column["tooltipField"] == "updated"
    assert column["valueFormatter"] == {"function": "params.data.updated_local"}


def test_trk622_the_timeline_names_agencies_and_hovers_utc() -> None:
    events = pd.DataFrame(
        [{"seq": 1, "source": "operator:j", "event_id": "ui-1", "type": "notification.sent",
          "occurred_at": pd.Timestamp(WINTER), "agency_id": "lasd", "payload": {"data": {}}}]
    )  # fmt: skip
    item = timeline(events, "America/Los_Angeles", {"lasd": "LA County Sheriff"}).children[0]
    when, what = item.children[0], item.children[1]
    assert when.children == "Dec 01 11:30 PST" and when.title == "2026-12-01 19:30:00 UTC"
    assert what.children == " notification.sent · LA County Sheriff"

"""The wall's pure builders: a map sized for the display, panels in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from dashboard.figures.incident_map import GLYPH_TRACE, MARKER_TRACE, RING_TRACE
from dashboard.figures.outlines import outline_layers
from dashboard.figures.short_names import agency_short
from dashboard.figures.wall import wall_map, wall_patch
from dashboard.figures.wall_alarms import alarm_facts, alarm_rows
from dashboard.figures.wall_panels import event_words, ticker_rows
from tests.unit.test_incident_map import STYLE, apply_patch, client_json, frame, incident


def picture() -> pd.DataFrame:
    return frame(
        [incident(1, "operation", alarm=True), incident(2, "protest"), incident(3, "staging")]
    )


def test_wal201_a_4k_wall_draws_markers_twice_as_large_over_the_same_area() -> None:
    hd, uhd = wall_map(picture(), STYLE, 1920), wall_map(picture(), STYLE, 3840)
    op = MARKER_TRACE["operation"]
    assert uhd.data[op].marker.size == 2 * hd.data[op].marker.size
    assert list(uhd.data[RING_TRACE].marker.size) == [
        2 * s for s in hd.data[RING_TRACE].marker.size
    ]
    assert (
        uhd.data[GLYPH_TRACE["protest"]].textfont.size
        == 2 * hd.data[GLYPH_TRACE["protest"]].textfont.size
    )
    assert uhd.layout.map.zoom == hd.layout.map.zoom + 1  # twice the pixels, same ground
    assert uhd.layout.map.center == hd.layout.map.center


def test_wal202_the_wall_never_clusters_and_always_names_kinds() -> None:
    figure = wall_map(picture(), STYLE, 1920)
    assert all(not figure.data[i].cluster.enabled for i in MARKER_TRACE.values())
    assert figure.data[GLYPH_TRACE["protest"]].texttemplate == "PR"


def test_wal203_wall_patch_keeps_the_rings_at_the_wall_size() -> None:
    before = picture()
    client = client_json(wall_map(before, STYLE, 3840))
    after = before.assign(notice_alarm=[True, False, True], last_seq=[1, 2, 9])
    patched = apply_patch(client, wall_patch(after, after.iloc[[2]], 3, 3840))
    sizes = patched["data"][RING_TRACE]["marker"]["size"]
    assert (
        len(sizes) == 2 and min(sizes) == client["data"][RING_TRACE]["marker"]["size"][0] * 29 / 32
    )


def test_wal204_alarms_in_words_with_city_facts_and_how_long() -> None:
    now = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)
    alarms = pd.DataFrame(
        [
            {"kind": "not_told", "incident_id": "i1", "agency_id": None, "source": None,
             "since": now - timedelta(hours=2), "city": "la",
             "message": "not told in advance: LAPD not told"},
            {"kind": "source_silent", "incident_id": None, "agency_id": None,
             "source": "lapd-cad", "since": now - timedelta(minutes=40), "city": None,
             "message": "lapd-cad silent for 40 min"},
        ]
    )  # fmt: skip
    heading, first, second = alarm_rows(alarms, {"i1": "Raid"}, {"la": "Los Angeles"}, now)
    assert heading.children == "Open alarms: 2"
    text = repr(first)
    assert "NOT TOLD IN ADVANCE" in text and "2 h" in text and "Los Angeles: " in text
    assert "'LAPD not told'" in text and "' · Raid'" in text  # facts first, title last
    assert "SOURCE SILENT" in repr(second) and "lapd-cad" in repr(second)
    late = {"kind": "unacknowledged", "incident_id": "i1", "agency_id": "lasd", "source": None,
            "since": now, "message": "request not acknowledged for 23 min"}  # fmt: skip
    assert alarm_facts(late, now, {"lasd": "LASD"}) == ["LASD request not acknowledged"]


def test_wal205_ticker_words_name_the_agency_and_the_incident() -> None:
    event = {"type": "unit.on_scene", "incident_id": "i1", "agency_id": "lapd", "payload": {}}
    names = {"lapd": "Los Angeles Police Department"}
    assert event_words(event, {"i1": "Raid"}, names) == "LAPD on scene · Raid"
    assert agency_short("City of Paramount") == "City of Paramount"
    closed = {"type": "incident.closed", "incident_id": "i1", "agency_id": None, "payload": {}}
    assert event_words(closed, {"i1": "Raid"}, names) == "closed: Raid"


def test_wal206_the_wall_map_carries_the_jurisdiction_outlines_it_is_given() -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    feature = {"type": "Feature", "properties": {"id": "p", "name": "P", "kind": "city",
               "approx": False}, "geometry": square}  # fmt: skip
    layers = outline_layers([feature], dark=True, scale=1.8)
    figure = wall_map(picture(), STYLE, 1920, layers=layers)
    assert [layer.name for layer in figure.layout.map.layers] == ["outline-p", "outline-name-p"]


def test_wal207_a_late_arrival_says_so_first_in_the_ticker() -> None:
    at = pd.Timestamp("2026-12-07T17:36Z")
    event = {"type": "incident.reported", "incident_id": "st", "agency_id": None,
             "payload": {}, "source": "ice-ero", "city": "p", "occurred_at": at}  # fmt: skip
    titles = {"st": "Staging area"}
    late = {**event, "received_at": at + pd.Timedelta(minutes=45)}
    prompt = {**event, "received_at": at + pd.Timedelta(minutes=2)}
    [late_row, prompt_row] = ticker_rows(pd.DataFrame([late, prompt]), titles, {}, {}, {})
    assert late_row.children[2].children == "arrived 45 min late · reported: Staging area"
    assert prompt_row.children[2].children == "reported: Staging area"

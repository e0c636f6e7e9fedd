"""Figure builders of tracking: matrix cells, dispute lines, timeline, alarm tile, figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from dashboard.figures.alarms import alarm_tile
from dashboard.figures.detail import timeline
from dashboard.figures.matrix import dispute_lines, notification_matrix
from dashboard.figures.stats_table import stats_table
from dashboard.rules.stats import agency_figures, city_figures
from dashboard.rules.tracks import notification_tracks
from tests.factories import at
from tests.unit.tracking_frames import claims, incidents, members

UTC_TZ = "UTC"
FIVE, THIRTY = timedelta(minutes=5), timedelta(minutes=30)


def walk(component: Any) -> list[Any]:
    """Return a component and all its descendants."""
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found.extend(walk(child))
    return found


def text(component: Any) -> str:
    """Return the text a component renders, in document order."""
    if isinstance(component, str):
        return component
    kids = getattr(component, "children", None)
    return "".join(text(k) for k in (kids if isinstance(kids, list) else [kids]) if k is not None)


def attr(component: Any, name: str) -> Any:
    return getattr(component, f"data-{name}", None)


def matrix(cs: pd.DataFrame, inc: pd.DataFrame, mem: pd.DataFrame, now_min: float = 300):
    tracks = notification_tracks(cs, inc, mem, FIVE)
    return notification_matrix(cs, tracks, inc.iloc[0], {}, UTC_TZ, at(now_min), FIVE, THIRTY)


def cell(table: Any, agency: str, step: str) -> Any:
    return next(c for c in walk(table) if attr(c, "agency") == agency and attr(c, "step") == step)


def test_trk901_never_told_is_an_alarm_for_an_operation_and_muted_for_a_protest() -> None:
    mem = members(("c", "pd"))
    for kind, state in (("operation", "alarm"), ("protest", "muted")):
        table = matrix(claims(), incidents(("a", "c", kind, "active", 0)), mem)
        leads = [c for c in walk(table) if "matrix-lead" in (getattr(c, "className", "") or "")]
        assert [(text(c), attr(c, "state")) for c in leads] == [("not notified", state)]


def test_trk902_a_disputed_cell_shows_each_claim_with_its_elapsed_time_and_source() -> None:
    cs = claims(
        ("a", "sd", "assistance_requested", "sd-cad", 100),
        ("a", "sd", "on_scene", "sd-cad", 138),
        ("a", "sd", "on_scene", "fed", 227),
    )
    table = matrix(cs, incidents(("a", "c", "protest", "active", 90)), members(("c", "sd")))
    on_scene = cell(table, "sd", "on_scene")
    assert attr(on_scene, "disputed") == "true"
    assert text(on_scene) == "disputed19:18 UTC +38 min sd-cad20:47 UTC +2 h 7 min fed"
    agreed = cell(table, "sd", "assistance_requested")
    assert attr(agreed, "disputed") is None and text(agreed) == "18:40 UTC sd-cad"
    lines = dispute_lines(cs, {"sd": "Sheriff"}, UTC_TZ, FIVE)
    assert text(lines) == "disputed Sheriff, on scene: 38 min (sd-cad) · 2 h 7 min (fed)"


def test_trk903_lead_beside_the_notification_time() -> None:
    cs = claims(("a", "pd", "notified", "fed", -130), ("a", "pd", "notified", "pd-cad", -128))
    table = matrix(cs, incidents(("a", "c", "operation", "active", 0)), members(("c", "pd")))
    assert text(cell(table, "pd", "notified")) == "14:50 UTC 2 h 10 min ahead fed, pd-cad"


def test_trk904_a_request_still_awaited_gets_a_live_counter() -> None:
    cs = claims(("a", "pd", "assistance_requested", "fed", 100))
    table = matrix(cs, incidents(("a", "c", "protest", "active", 0)), members(), now_min=145)
    counter = next(c for c in walk(table) if isinstance(getattr(c, "id", None), dict))
    assert counter.id == {"type": "elapsed", "index": "pd"}
    assert attr(counter, "since") == at(100).isoformat()
    assert attr(counter, "alarm-after") == "1800"
    assert counter.children == "waiting 45 min 0 s"
    assert counter.className == "elapsed elapsed-alarm"


def test_trk905_timeline_keeps_a_corrected_event_and_marks_it() -> None:
    events = pd.DataFrame(
        [
            {"seq": 1, "source": "operator:j", "event_id": "ui-1", "type": "unit.on_scene",
             "occurred_at": at(50), "agency_id": "pd", "payload": {"data": {}}},
            {"seq": 2, "source": "operator:j", "event_id": "ui-2", "type": "unit.on_scene",
             "occurred_at": at(38), "agency_id": "pd",
             "payload": {"data": {"supersedes": "ui-1", "text": "<b>typo</b>"}}},
        ]
    )  # fmt: skip
    items = timeline(events.sort_values("occurred_at"), UTC_TZ).children
    assert [attr(i, "event") for i in items] == ["operator:j/ui-2", "operator:j/ui-1"]
    assert "correction" in text(items[0]) and "<b>typo</b>" in text(items[0])
    assert items[1].className == "tl-superseded" and "superseded" in text(items[1])


def test_trk906_alarm_tile_carries_the_alarm_state_the_wall_reuses() -> None:
    none = pd.DataFrame(columns=["kind", "incident_id", "agency_id", "source", "since", "message"])
    assert attr(alarm_tile(none), "alarm") == "false"
    some = pd.DataFrame(
        [{"kind": "source_silent", "incident_id": None, "agency_id": None, "source": "x",
          "since": at(0), "message": "x silent for 1 h"}]
    )  # fmt: skip
    tile = alarm_tile(some)
    assert attr(tile, "alarm") == "true" and attr(tile, "state") == "alarm"
    assert "1 source silent" in text(tile) and tile.title == "x silent for 1 h"


def test_trk907_figures_table_lists_cities_then_their_agencies() -> None:
    inc = incidents(("op", "c", "operation", "active", 0))
    cs = claims(("op", "pd", "notified", "fed", -60))
    tracks = notification_tracks(cs, inc, members(("c", "pd")))
    table = stats_table(
        city_figures(inc, tracks), agency_figures(inc, tracks), {"c": "City"}, {"pd": "PD"},
        {"pd": "c"},
    )  # fmt: skip
    rows = table.children[1:]
    assert [attr(r, "id") for r in rows] == ["c", "pd"]
    assert text(rows[1]) == "PD11/1 (100%)1 h ahead"


def test_trk908_a_lead_short_of_the_city_minimum_takes_the_alarm_colour() -> None:
    mem = members(("c", "pd"))
    inc = incidents(("a", "c", "staging", "active", 0))
    cs = claims(("a", "pd", "notified", "fed", -20))
    tracks = notification_tracks(cs, inc, mem, FIVE)
    states = {}
    for min_lead_s in (0.0, 1800.0):
        table = notification_matrix(
            cs, tracks, inc.iloc[0], {}, UTC_TZ, at(300), FIVE, THIRTY, min_lead_s
        )
        lead = next(c for c in walk(table) if "matrix-lead" in (getattr(c, "className", "") or ""))
        states[min_lead_s] = (text(lead), attr(lead, "state"))
    assert states == {
        0.0: ("notified 20 min ahead", "ok"),
        1800.0: ("notified 20 min ahead", "alarm"),
    }

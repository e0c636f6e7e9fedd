"""The map figure and its patches: a patched client figure equals a freshly built one."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain import KINDS, STATUSES
from dashboard.figures.incident_map import (
    CLUSTER_FROM,
    GLYPH_TRACE,
    MARKER_TRACE,
    PATCH_LIMIT,
    RING_TRACE,
    TOP_TRACE,
    fit_view,
    incident_map,
    map_patch,
    select_patch,
)
from dashboard.figures.map_view import SELECT_ZOOM
from dashboard.figures.theme import ALARM_COLOUR, SELECTION_COLOUR, STATUS_COLOURS

STYLE = "white-bg"


def incident(
    n: int, kind: str, status: str = "active", seq: int | None = None, alarm: bool = False
) -> dict:
    return {
        "id": f"i{n}",
        "kind": kind,
        "status": status,
        "title": f"Incident <{n}>",
        "lat": 30 + n / 100,
        "lon": -100 - n / 100,
        "city": "c",
        "notified": [],
        "first_seq": seq or n,
        "last_seq": seq or n,
        "notice_alarm": alarm,
    }


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(incident(0, "protest")))


def client_json(figure: Any) -> dict:
    """Return the figure as the browser holds it, after a JSON round trip."""
    return json.loads(json.dumps(figure.to_plotly_json(), default=str))


def apply_patch(figure: dict, patch: Any) -> dict:
    """Apply Dash's Assign and Extend operations as dash-renderer does."""
    for op in patch.to_plotly_json()["operations"]:
        *path, last = op["location"]
        target = figure
        for key in path:
            target = target[key]
        if op["operation"] == "Assign":
            target[last] = op["params"]["value"]
        elif op["operation"] == "Extend":
            target[last].extend(op["params"]["value"])
        else:
            raise AssertionError(f"unexpected patch operation {op['operation']}")
    return figure


def traces(figure: dict) -> list[tuple]:
    # The glyphs' texttemplate follows the browser's zoom, not the data: not compared.
    keys = ("name", "customdata", "lat", "lon", "meta", "hovertext")
    return [
        (*(t.get(k) for k in keys), json.dumps((t.get("marker") or {}), sort_keys=True))
        for t in figure["data"]
    ]


def test_map001_one_trace_per_kind_in_draw_order_with_plain_lists() -> None:
    """Protests at the bottom (clustered), staging sites, then operations never clustered."""
    fig = client_json(
        incident_map(frame([incident(1, "operation"), incident(2, "protest")]), STYLE)
    )
    assert [t["name"] for t in fig["data"]] == [
        "Protest", "Staging site", "Operation", "Rings", "Ringed",
        "Protest glyphs", "Staging site glyphs", "Operation glyphs",
    ]  # fmt: skip
    clustered = [t["cluster"]["enabled"] for t in fig["data"][:3]]
    assert clustered == [False, False, False]  # one protest: no bubble (map011)
    glyphs = fig["data"][5:]
    # Only the clustered kind's glyphs follow the zoom; the others always show.
    assert [t.get("meta") for t in glyphs] == ["PR", None, None]
    assert [t["texttemplate"] for t in glyphs][1:] == ["ST", "OP"]
    assert [len(t["lat"]) for t in glyphs] == [1, 0, 1]
    protest = fig["data"][MARKER_TRACE["protest"]]
    assert protest["customdata"] == ["i2"]
    assert isinstance(protest["lat"], list)  # not a base64 typed array
    assert protest["marker"]["color"] == [STATUS_COLOURS["active"]]
    assert fig["layout"]["map"]["style"] == STYLE


def test_map002_hover_text_escapes_markup_from_outside() -> None:
    fig = client_json(incident_map(frame([incident(1, "protest")]), STYLE))
    assert "Incident &lt;1&gt;" in fig["data"][MARKER_TRACE["protest"]]["hovertext"][0]


def test_map009_hover_names_the_city_and_agencies_when_given() -> None:
    row = incident(1, "operation") | {"city": "los-angeles", "notified": ["lapd"]}
    named = row | {"city_name": "Los Angeles", "notified_names": ["Los Angeles Police Dept"]}
    fig = client_json(incident_map(pd.DataFrame([named]), STYLE))
    hover = fig["data"][MARKER_TRACE["operation"]]["hovertext"][0]
    assert "Los Angeles · active<br>Notified: Los Angeles Police Dept" in hover
    assert "lapd" not in hover and "los-angeles" not in hover
    assert isinstance(fig["data"][MARKER_TRACE["operation"]]["hovertext"], list)


def test_map010_protest_glyphs_wait_until_protests_are_unclustered() -> None:
    rows = frame([incident(1, "protest"), incident(2, "operation")])
    for zoom, shown in ((8.0, ""), (8.9, ""), (9.0, "PR")):
        fig = incident_map(rows, STYLE, center={"lat": 30, "lon": -100}, zoom=zoom)
        assert fig.data[GLYPH_TRACE["protest"]].texttemplate == shown
        assert fig.data[GLYPH_TRACE["operation"]].texttemplate == "OP"
        # The browser's zoom switch (assets/map_glyphs.js) uses the same threshold.
        assert fig.layout.meta["glyph_minzoom"] == 9


def test_map005_shared_points_are_set_apart_by_kind_and_operations_stay_put() -> None:
    rows = [incident(1, "operation"), incident(2, "staging"), incident(3, "protest")]
    for r in rows:
        r["lat"], r["lon"] = 33.9, -118.16
    fig = client_json(incident_map(frame(rows), STYLE))
    points = {
        kind: (fig["data"][MARKER_TRACE[kind]]["lat"][0], fig["data"][MARKER_TRACE[kind]]["lon"][0])
        for kind in MARKER_TRACE
    }
    assert points["operation"] == (33.9, -118.16)
    assert len(set(points.values())) == 3
    # Set apart by metres, not more: each stays within 100 m of its address.
    assert all(
        abs(lat - 33.9) < 0.001 and abs(lon + 118.16) < 0.001 for lat, lon in points.values()
    )
    glyph = fig["data"][GLYPH_TRACE["staging"]]
    assert (glyph["lat"][0], glyph["lon"][0]) == points["staging"]


def test_map006_alarmed_and_selected_incidents_are_ringed_above_every_marker() -> None:
    rows = frame([incident(1, "operation", alarm=True), incident(2, "protest")])
    fig = client_json(incident_map(rows, STYLE, selected="i2"))
    ring, top = fig["data"][RING_TRACE], fig["data"][TOP_TRACE]
    assert max(MARKER_TRACE.values()) < RING_TRACE
    assert ring["customdata"] == ["i2", "i1"]
    assert ring["marker"]["color"] == [SELECTION_COLOUR, ALARM_COLOUR]
    assert top["customdata"] == ["i1", "i2"]
    assert top["marker"]["color"] == [STATUS_COLOURS["active"]] * 2
    patch = select_patch(rows, "i1", fly=True).to_plotly_json()["operations"]
    assigned = {tuple(op["location"]): op["params"]["value"] for op in patch}
    assert assigned[("data", RING_TRACE)]["customdata"] == ["i1", "i1"]
    assert assigned[("layout", "map", "center")] == {"lat": 30.01, "lon": -100.01}
    # Past clustering: a city zoom at least, deeper when the two incidents' fit is.
    assert assigned[("layout", "map", "zoom")] == max(SELECT_ZOOM, fit_view(rows)[1]) > 13


def test_map003_too_many_changes_ask_for_a_whole_figure() -> None:
    rows = frame([incident(n, "protest") for n in range(PATCH_LIMIT + 1)])
    assert map_patch(rows, rows, client_seq=0) is None


changes = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(STATUSES), st.floats(-1, 1)), max_size=25
)


@settings(max_examples=150, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=30),
    client_seq=st.integers(0, 30),
    edits=changes,
    selected=st.sampled_from([None, "i0", "i3", "nope"]),
)
def test_map004_patched_client_equals_fresh_build(kinds, client_seq, edits, selected) -> None:
    """Whatever the client last saw, patching it gives exactly the new full figure."""
    before = [incident(n, kind, seq=n + 1) for n, kind in enumerate(kinds)]
    seen = frame([r for r in before if r["first_seq"] <= client_seq])
    client = client_json(incident_map(seen, STYLE, selected=selected))
    after = {r["id"]: dict(r) for r in before}
    for n, status, dlat in edits:
        key = f"i{n % len(kinds)}"
        after[key].update(
            status=status,
            lat=after[key]["lat"] + dlat,
            last_seq=client_seq + 1,
            notice_alarm=status == "planned",
        )
    for r in after.values():
        if r["first_seq"] > client_seq:
            r["last_seq"] = max(r["last_seq"], r["first_seq"])
    now = frame(list(after.values()))
    changed = now[now["last_seq"] > client_seq]
    patch = map_patch(now, changed, client_seq, selected)
    assert patch is not None
    fresh = client_json(incident_map(now, STYLE, selected=selected))
    assert traces(apply_patch(client, patch)) == traces(fresh)


def test_map007_a_whole_redraw_keeps_the_map_on_the_selected_incident() -> None:
    """A full refresh while an incident is selected (after an action, say) stays on it."""
    rows = frame([incident(1, "operation"), incident(40, "protest")])
    flown = select_patch(rows, "i40", fly=True).to_plotly_json()["operations"]
    assigned = {tuple(op["location"]): op["params"]["value"] for op in flown}
    redrawn = client_json(incident_map(rows, STYLE, selected="i40"))["layout"]["map"]
    assert redrawn["center"] == assigned[("layout", "map", "center")]
    assert redrawn["zoom"] == assigned[("layout", "map", "zoom")]
    unselected = client_json(incident_map(rows, STYLE))["layout"]["map"]
    assert unselected["zoom"] < redrawn["zoom"]  # nothing selected: fit every incident


def test_map011_only_many_protests_cluster_and_never_at_a_city_zoom() -> None:
    """A handful of protests is drawn point by point; thousands cluster on wide views only."""
    few = frame([incident(n, "protest") for n in range(CLUSTER_FROM - 1)])
    many = frame([incident(n, "protest") for n in range(CLUSTER_FROM)])
    assert not client_json(incident_map(few, STYLE))["data"][0]["cluster"]["enabled"]
    cluster = client_json(incident_map(many, STYLE))["data"][0]["cluster"]
    assert cluster["enabled"]
    # MapLibre clusters below maxzoom + 1: a county view (zoom 9) and closer shows every marker.
    assert cluster["maxzoom"] + 1 <= 9

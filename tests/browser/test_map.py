"""The operations map in a real browser: what is drawn on top, filters, lasso, selection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.ingest.models import Event
from tests.browser.conftest import (
    LiveServer,
    click,
    console_errors,
    map_rendered,
    plotted,
    wait_until,
)

STAGING = "staging-paramount"
MARKER_TRACES = ("Protest", "Staging site", "Operation")


def open_operations(chrome, live_server: LiveServer) -> None:
    chrome.get(live_server.url + "/")
    wait_until(chrome, lambda d: plotted(d, ids.OPS_MAP))
    wait_until(chrome, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.OPS_GRID} .ag-row"))
    wait_until(chrome, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)


def set_props(chrome, component_id: str, props: dict[str, Any]) -> None:
    """Set a component's props as a user's choice would (Dash's own set_props)."""
    chrome.execute_script("window.dash_clientside.set_props(arguments[0], arguments[1]);",
                          component_id, props)  # fmt: skip


def marker_ids(chrome) -> set[str]:
    traces = plotted(chrome, ids.OPS_MAP) or []
    return {i for t in traces if t["name"] in MARKER_TRACES for i in t["ids"]}


def layers_at(chrome, incident_id: str) -> list[str] | None:
    """Return the map layers drawn at an incident's marker, topmost first (MapLibre's answer)."""
    return chrome.execute_script(
        """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map;
        const trace = gd._fullData.find(t => t.name === 'Staging site' &&
            Array.from(t.customdata || []).includes(arguments[1]));
        if (!trace) return null;
        const i = Array.from(trace.customdata).indexOf(arguments[1]);
        const p = map.project([trace.lon[i], trace.lat[i]]);
        return map.queryRenderedFeatures([p.x, p.y])
          .filter(f => f.layer.type === 'circle').map(f => f.layer.id);
        """,
        ids.OPS_MAP,
        incident_id,
    )


def staging_is_on_top(chrome) -> bool:
    layers = layers_at(chrome, STAGING)
    return (
        bool(layers)
        and "protest" not in layers[0]
        and ("staging" in layers[0] or "ringed" in layers[0])
    )


def map_center(chrome) -> dict[str, float]:
    return chrome.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "const c = gd._fullLayout.map.center; return {lat: c.lat, lon: c.lon};",
        ids.OPS_MAP,
    )


def ringed_ids(chrome) -> list[str]:
    return next(t["ids"] for t in plotted(chrome, ids.OPS_MAP) if t["name"] == "Rings")


def test_map101_staging_site_is_drawn_on_top_at_default_view_and_in_paramount(
    chrome, live_server
) -> None:
    open_operations(chrome, live_server)
    wait_until(chrome, staging_is_on_top, timeout=10)
    set_props(chrome, ids.OPS_CITY, {"value": ["paramount"]})
    wait_until(chrome, lambda d: marker_ids(d) == {STAGING, "protest-paramount"})
    wait_until(chrome, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)
    wait_until(chrome, staging_is_on_top, timeout=10)
    assert console_errors(chrome) == []


def test_map102_kind_filter_changes_map_and_tiles(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    protests = chrome.find_element(By.ID, "kpi-protests").text
    assert not protests.startswith("0")
    set_props(chrome, ids.OPS_KIND, {"value": ["staging"]})
    wait_until(chrome, lambda d: marker_ids(d) == {STAGING})
    wait_until(chrome, lambda d: d.find_element(By.ID, "kpi-protests").text.startswith("0"))
    rows = chrome.find_elements(By.CSS_SELECTOR, f"#{ids.OPS_GRID} .ag-row")
    assert {r.get_attribute("row-id") for r in rows} == {STAGING}
    click(chrome, f"#{ids.OPS_RESET}")
    wait_until(chrome, lambda d: len(marker_ids(d)) > 1)
    assert console_errors(chrome) == []


def test_map103_lasso_narrows_the_list(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    drawn = marker_ids(chrome)
    wait_until(
        chrome,
        lambda d: (
            d.find_element(By.ID, ids.FRESHNESS).get_attribute("data-state") in ("fresh", "stale")
        ),
    )
    # A lasso as Plotly reports it: the selection event with the points inside.
    chrome.execute_script(
        """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        const n = gd._fullData.findIndex(t => t.name === 'Operation');
        const i = Array.from(gd._fullData[n].customdata).indexOf('op-fashion');
        gd.emit('plotly_selected', {points: [{curveNumber: n, pointNumber: i,
          pointIndex: i, customdata: 'op-fashion', lat: 0, lon: 0}], lassoPoints: {}});
        """,
        ids.OPS_MAP,
    )

    def listed(d) -> set[str]:
        return set(
            d.execute_script(
                "return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ag-row'))"
                ".map(r => r.getAttribute('row-id'));",
                ids.OPS_GRID,
            )
        )

    wait_until(chrome, lambda d: listed(d) == {"op-fashion"})
    assert marker_ids(chrome) == drawn  # the map keeps every point
    assert console_errors(chrome) == []


def test_map104_selecting_a_row_flies_and_rings_and_survives_a_tick(chrome, live_server) -> None:
    open_operations(chrome, live_server)
    before = map_center(chrome)
    click(chrome, f"#{ids.OPS_GRID} .ag-row[row-id='op-fashion'] [col-id='title']")
    wait_until(chrome, lambda d: "op-fashion" in ringed_ids(d))
    wait_until(chrome, lambda d: abs(map_center(d)["lat"] - 34.0407) < 0.01)
    assert abs(before["lat"] - 34.0407) > 0.01 or abs(before["lon"] + 118.25) > 0.01
    live_server.runtime.store.append(
        [
            Event(
                source="chicago-oemc",  # the reporting source: its fields are its own
                event_id="tick-after-select",
                type="incident.updated",
                occurred_at=datetime.now(UTC),
                incident_id="protest-chicago",
                incident={"crowd_size": 777},
            )
        ]
    )
    wait_until(
        chrome,
        lambda d: d.find_elements(
            By.XPATH, f"//*[@id='{ids.OPS_GRID}']//*[@row-id='protest-chicago']//*[text()='777']"
        ),
    )
    assert "op-fashion" in ringed_ids(chrome)
    assert abs(map_center(chrome)["lat"] - 34.0407) < 0.01
    assert console_errors(chrome) == []


def grid_ids(chrome) -> set[str]:
    return set(
        chrome.execute_script(
            "return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ag-row'))"
            ".map(r => r.getAttribute('row-id'));",
            ids.OPS_GRID,
        )
    )


def drag_box_around(chrome, incident_id: str, half: int = 25) -> None:
    """Drag a real box selection (mouse down, move, up) around an incident's marker."""
    chrome.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "gd.scrollIntoView({block: 'center'});"
        "return Plotly.relayout(gd, {dragmode: 'select'});",
        ids.OPS_MAP,
    )
    x, y = chrome.execute_script(
        """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map;
        const t = gd._fullData.find(t => Array.from(t.customdata || []).includes(arguments[1]));
        const i = Array.from(t.customdata).indexOf(arguments[1]);
        const p = map.project([t.lon[i], t.lat[i]]);
        const r = map.getCanvas().getBoundingClientRect();
        return [Math.round(r.left + p.x), Math.round(r.top + p.y)];
        """,
        ids.OPS_MAP,
        incident_id,
    )
    actions = ActionChains(chrome)
    pointer = actions.w3c_actions.pointer_action
    pointer.move_to_location(x - half, y - half).pointer_down()
    for step in (0.3, 0.6, 1.0):
        pointer.move_to_location(x - half + int(2 * half * step), y - half + int(2 * half * step))
    pointer.pointer_up()
    actions.perform()


def test_map105_a_dragged_box_narrows_the_list_with_the_tiles(chrome, live_server) -> None:
    """A real drag, not a synthetic event: its selection lands while ticks keep coming."""
    open_operations(chrome, live_server)
    everything = grid_ids(chrome)
    chrome.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "window._picked = null;"
        "gd.on('plotly_selected', e => { window._picked = e.points.map(p => p.customdata); });",
        ids.OPS_MAP,
    )
    drag_box_around(chrome, "op-fashion", 60)
    picked = set(wait_until(chrome, lambda d: d.execute_script("return window._picked")))
    assert "op-fashion" in picked and picked < everything
    wait_until(chrome, lambda d: grid_ids(d) == picked)
    wait_until(chrome, lambda d: d.find_element(By.ID, "kpi-protests").text.startswith("2"))
    assert grid_ids(chrome) == picked
    assert console_errors(chrome) == []


def drawn_px(chrome, incident_id: str, trace_name: str) -> dict[str, float] | None:
    """Return where a marker is drawn on screen, and the circle layers MapLibre hits there."""
    return chrome.execute_script(
        """
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map;
        const t = gd._fullData.find(t => t.name === arguments[2]);
        const i = Array.from(t.customdata).indexOf(arguments[1]);
        if (i < 0) return null;
        const p = map.project([t.lon[i], t.lat[i]]);
        // The features of the last frame drawn: ask for the next one for the next look.
        map.triggerRepaint();
        const top = map.queryRenderedFeatures([p.x, p.y])
          .filter(f => f.layer.type === 'circle').map(f => f.layer.id);
        return {x: p.x, y: p.y, top: top.length ? top[0] : '', zoom: map.getZoom()};
        """,
        ids.OPS_MAP,
        incident_id,
        trace_name,
    )


def test_map106_operation_and_staging_site_are_both_seen_at_the_first_glance(
    chrome, live_server
) -> None:
    """19 km apart, they share a pixel at the national view: the staging site is set apart."""
    open_operations(chrome, live_server)

    def apart(d) -> bool:
        op = drawn_px(d, "op-fashion", "Operation")
        st = drawn_px(d, STAGING, "Staging site")
        if not op or not st:
            return False
        gap = ((op["x"] - st["x"]) ** 2 + (op["y"] - st["y"]) ** 2) ** 0.5
        # Farther apart than the two markers' radii (20 and 17 px wide), each on top at its
        # own point: both seen and both hit.
        return (
            map_rendered(d, ids.OPS_MAP)
            and gap > 18
            and ("operation" in op["top"] or "ringed" in op["top"])
            and ("staging" in st["top"] or "ringed" in st["top"])
        )

    assert drawn_px(chrome, "op-fashion", "Operation")["zoom"] < 6
    wait_until(chrome, apart, timeout=10)
    # Zoomed in until they part by themselves, the staging site is drawn at its true point.
    chrome.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "return Plotly.relayout(gd, {'map.center': {lat: 33.96, lon: -118.2}, 'map.zoom': 11});",
        ids.OPS_MAP,
    )
    true_lat = float(live_server.runtime.picture.incidents.loc[STAGING, "lat"])
    wait_until(
        chrome,
        lambda d: (
            d.execute_script(
                "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
                "const t = gd._fullData.find(t => t.name === 'Staging site');"
                "return t.lat[Array.from(t.customdata).indexOf(arguments[1])];",
                ids.OPS_MAP,
                STAGING,
            )
            - true_lat
            < 0.001
        ),
    )
    assert console_errors(chrome) == []

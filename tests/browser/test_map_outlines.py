"""The operations map at city level: fitted to the filter's incidents, with the city limits."""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.browser.conftest import console_errors, map_rendered, wait_until
from tests.browser.test_map import marker_ids, open_operations, set_props

pytestmark = pytest.mark.browser

# MapLibre's own answer: its zoom, and which outline layers are in its style and on screen.
MAP_STATE = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
const map = gd._fullLayout.map._subplot.map;
const ids = map.getStyle().layers.map(l => l.id);
const outlines = (gd.layout.map.layers || []).map(l => l.name);
const drawn = map.queryRenderedFeatures().filter(f => f.layer.type === 'line'
    && f.layer.id.startsWith('plotly-layout-layer')).length;
return {zoom: map.getZoom(), outlines: outlines, styled: ids.length, drawn: drawn};
"""


def map_state(chrome) -> dict:
    return chrome.execute_script(MAP_STATE, ids.OPS_MAP)


def test_map201_a_city_filter_fits_its_incidents_and_draws_the_city_limits(
    chrome, live_server
) -> None:
    open_operations(chrome, live_server)
    assert "outline-paramount" in map_state(chrome)["outlines"]
    assert map_state(chrome)["zoom"] < 6  # the whole country's incidents
    set_props(chrome, ids.OPS_CITY, {"value": ["paramount"]})
    wait_until(chrome, lambda d: marker_ids(d) == {"staging-paramount", "protest-paramount"})
    wait_until(chrome, lambda d: map_state(d)["zoom"] >= 12.5)  # was 10.6: 90 km across
    wait_until(chrome, lambda d: map_rendered(d, ids.OPS_MAP), timeout=20)
    state = map_state(chrome)
    assert {"outline-paramount", "outline-name-paramount"} <= set(state["outlines"])
    wait_until(chrome, lambda d: map_state(d)["drawn"] > 0)  # a limit is on screen
    # Nothing fetched from elsewhere (Plotly's default symbol icon would come from a CDN).
    assert console_errors(chrome) == []

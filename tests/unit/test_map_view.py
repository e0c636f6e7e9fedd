"""The map's fit: every incident in the frame, as deep as the extent allows, within limits."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.figures.map_view import (
    FIT_PX,
    MAX_FIT_ZOOM,
    MIN_ZOOM,
    PADDING,
    SELECT_ZOOM,
    SINGLE_ZOOM,
    WORLD_PX,
    fit_extent,
    fit_incidents,
    mercator_y,
    selection_zoom,
)

PARAMOUNT = (33.8894, -118.1597)


def pixels_from_centre(lat, lon, centre, zoom) -> tuple[np.ndarray, np.ndarray]:
    """Return each point's offset in pixels from the view's centre (x east, y north)."""
    scale = WORLD_PX * 2**zoom
    dx = (np.asarray(lon) - centre["lon"]) / 360 * scale
    dy = (mercator_y(np.asarray(lat)) - mercator_y(np.array([centre["lat"]]))) / (2 * math.pi)
    return dx, dy * scale


def frame(points: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(points, columns=["lat", "lon"])


def test_view001_incidents_within_3_km_of_a_city_fill_the_map_at_street_level() -> None:
    # The reviewer's Paramount filter: 15 protests and a staging site within 3 km.
    rng = np.random.default_rng(7)
    lat = PARAMOUNT[0] + rng.uniform(-0.025, 0.025, 16)
    lon = PARAMOUNT[1] + rng.uniform(-0.03, 0.03, 16)
    centre, zoom = fit_incidents(pd.DataFrame({"lat": lat, "lon": lon}))
    assert zoom >= 12  # was 10.6 (about 90 km across): now the city fills the map
    dx, dy = pixels_from_centre(lat, lon, centre, zoom)
    assert np.abs(dx).max() <= FIT_PX[0] * (0.5 - PADDING) + 0.5
    assert np.abs(dy).max() <= FIT_PX[1] * (0.5 - PADDING) + 0.5
    # As deep as the frame allows: one side of the extent fills its usable pixels.
    widest = max(
        np.ptp(dx) / (FIT_PX[0] * (1 - 2 * PADDING)), np.ptp(dy) / (FIT_PX[1] * (1 - 2 * PADDING))
    )
    assert widest > 0.97


def test_view002_one_incident_gets_a_city_zoom_centred_on_it() -> None:
    assert fit_extent(np.array([PARAMOUNT[0]]), np.array([PARAMOUNT[1]])) == (
        {"lat": PARAMOUNT[0], "lon": PARAMOUNT[1]},
        SINGLE_ZOOM,
    )
    # Kinds at one address are drawn a few metres apart: still one place.
    same = frame([PARAMOUNT, (PARAMOUNT[0] + 0.00004, PARAMOUNT[1])])
    assert fit_incidents(same)[1] == SINGLE_ZOOM


def test_view003_a_block_stops_at_the_street_level_limit() -> None:
    block = frame([PARAMOUNT, (PARAMOUNT[0] + 0.001, PARAMOUNT[1] + 0.001)])
    assert fit_incidents(block)[1] == MAX_FIT_ZOOM


def test_view004_a_country_wide_view_is_wide_and_an_empty_one_is_the_default() -> None:
    country = frame([(47.6, -122.3), (25.8, -80.2), (41.9, -87.6)])
    centre, zoom = fit_incidents(country)
    assert MIN_ZOOM <= zoom < 4.5
    assert -122.3 < centre["lon"] < -80.2
    assert fit_extent(np.array([]), np.array([]))[1] == 3.2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(20, 60), st.floats(-130, -60)), min_size=1, max_size=20))
def test_view005_every_point_is_inside_the_padded_frame(points) -> None:
    lat, lon = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    centre, zoom = fit_extent(lat, lon)
    assert MIN_ZOOM <= zoom <= MAX_FIT_ZOOM
    if zoom == MIN_ZOOM:
        return  # wider than a map at the widest zoom: nothing to check
    dx, dy = pixels_from_centre(lat, lon, centre, zoom)
    # Rounding the zoom to 0.01 can grow the picture by 0.7 %.
    assert np.abs(dx).max() <= FIT_PX[0] * (0.5 - PADDING) * 1.01 + 0.5
    assert np.abs(dy).max() <= FIT_PX[1] * (0.5 - PADDING) * 1.01 + 0.5


def test_view006_selecting_zooms_to_a_city_or_keeps_a_deeper_view() -> None:
    country = frame([(47.6, -122.3), (25.8, -80.2)])
    assert selection_zoom(country) == SELECT_ZOOM
    block = frame([PARAMOUNT, (PARAMOUNT[0] + 0.001, PARAMOUNT[1] + 0.001)])
    assert selection_zoom(block) == MAX_FIT_ZOOM  # selecting never zooms out of a street

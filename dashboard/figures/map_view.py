"""Where the map looks: a centre and zoom that fit a set of incidents, and the selection's zoom.

Zoom is MapLibre's: the world is 512 * 2**zoom pixels wide. The figure builder does not
know the map's size in pixels, so the fit assumes a map a little smaller than the
operations map on a 1920 x 1080 screen (FIT_PX) and keeps a margin inside it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

WORLD_PX = 512
FIT_PX = (960, 480)  # width, height the fit assumes; at 1920 x 1080 the map is 1175 x 555
PADDING = 0.12  # kept free on each side, so no marker sits on the frame
MIN_ZOOM = 2.5
# A street-level picture, about 4 km across: deeper, the bundled map (no streets) shows
# nothing around the markers, not even the city limits.
MAX_FIT_ZOOM = 14.0
# One incident (or several at one address): a city zoom, about 8 km across, where the
# jurisdiction outlines show which city it is in.
SINGLE_ZOOM = 13.0
# Selecting flies at least this deep, or deeper when the view already was.
SELECT_ZOOM = 12.5
SAME_PLACE_DEG = 1e-4  # about 10 m: closer than this is one address
DEFAULT_VIEW = ({"lat": 38.5, "lon": -98.0}, 3.2)


def mercator_y(lat: np.ndarray) -> np.ndarray:
    """Return Web-Mercator y (radians) of latitudes in degrees."""
    clipped = np.radians(np.clip(lat, -85.0, 85.0))
    return np.log(np.tan(math.pi / 4 + clipped / 2))


def latitude_of(y: float) -> float:
    """Return the latitude in degrees of a Web-Mercator y (the inverse of mercator_y)."""
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fit_extent(lat: np.ndarray, lon: np.ndarray) -> tuple[dict[str, float], float]:
    """Return the centre and zoom that frame every point, with padding, within the limits."""
    if not len(lat):
        return DEFAULT_VIEW
    y = mercator_y(lat)
    lon_span = float(lon.max() - lon.min())
    y_span = float(y.max() - y.min())
    centre = {
        "lat": round(latitude_of(float(y.max() + y.min()) / 2), 6),
        "lon": round(float(lon.max() + lon.min()) / 2, 6),
    }
    lat_span = float(lat.max() - lat.min())
    if max(lat_span, lon_span) < SAME_PLACE_DEG:
        return centre, SINGLE_ZOOM
    usable = 1 - 2 * PADDING
    zooms = [MAX_FIT_ZOOM]
    if lon_span > 0:
        zooms.append(math.log2(FIT_PX[0] * usable * 360 / (WORLD_PX * lon_span)))
    if y_span > 0:
        zooms.append(math.log2(FIT_PX[1] * usable * 2 * math.pi / (WORLD_PX * y_span)))
    return centre, round(float(np.clip(min(zooms), MIN_ZOOM, MAX_FIT_ZOOM)), 2)


def fit_incidents(df: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Return the centre and zoom that frame the incidents of a frame (lat, lon columns)."""
    return fit_extent(df["lat"].to_numpy(dtype=float), df["lon"].to_numpy(dtype=float))


def selection_zoom(df: pd.DataFrame) -> float:
    """Return the zoom to fly to a selected incident: a city zoom, or the view's if deeper."""
    return max(SELECT_ZOOM, fit_incidents(df)[1]) if len(df) else SELECT_ZOOM

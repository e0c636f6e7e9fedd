"""Offline MapLibre basemap for Plotly ``scattermap`` traces.

The style references only GeoJSON bundled under ``assets/map/`` (US state
outlines, county mesh, large cities), so a map renders with no network at all.
It deliberately has no ``glyphs`` and no ``sprite`` key and therefore no
symbol/text layers: those would need font and icon downloads.

MapLibre fetches GeoJSON sources in a web worker, where relative URLs fail, so
callers pass an absolute base URL (e.g. flask ``request.url_root``).
"""

from __future__ import annotations

from typing import Any

ASSET_PATH = "/assets/map/"
STATES_FILE = "states.geojson"
COUNTIES_FILE = "counties.geojson"
CITIES_FILE = "cities.geojson"
OFFLINE_SETTINGS = frozenset({"", "offline"})

LIGHT = {
    "background": "#f2f1ed",
    "state_fill": "#e6e4dd",
    "state_line": "#9a968c",
    "county_line": "#c9c5bb",
    "city": "#6b6860",
    "city_stroke": "#f2f1ed",
}
DARK = {
    "background": "#0b1220",
    "state_fill": "#111a2c",
    "state_line": "#3d4a63",
    "county_line": "#1f2a3f",
    "city": "#7d8aa3",
    "city_stroke": "#0b1220",
}


def asset_url(base_url: str, filename: str) -> str:
    """Return the absolute URL of a bundled map file."""
    return base_url.rstrip("/") + ASSET_PATH + filename


def offline_style(base_url: str, dark: bool = False) -> dict[str, Any]:
    """Build a glyph-less MapLibre v8 style backed by bundled GeoJSON."""
    c = DARK if dark else LIGHT
    sources = {
        name: {"type": "geojson", "data": asset_url(base_url, filename)}
        for name, filename in (
            ("states", STATES_FILE),
            ("counties", COUNTIES_FILE),
            ("cities", CITIES_FILE),
        )
    }
    layers: list[dict[str, Any]] = [
        {
            "id": "background",
            "type": "background",
            "paint": {"background-color": c["background"]},
        },
        {
            "id": "state-fill",
            "type": "fill",
            "source": "states",
            "paint": {"fill-color": c["state_fill"], "fill-opacity": 0.35},
        },
        {
            "id": "county-lines",
            "type": "line",
            "source": "counties",
            "minzoom": 6,
            "paint": {
                "line-color": c["county_line"],
                "line-width": 0.5,
                "line-opacity": 0.7,
            },
        },
        {
            "id": "state-lines",
            "type": "line",
            "source": "states",
            "layout": {"line-join": "round"},
            "paint": {
                "line-color": c["state_line"],
                "line-width": ["interpolate", ["linear"], ["zoom"], 3, 0.6, 8, 1.4],
            },
        },
        {
            "id": "city-points",
            "type": "circle",
            "source": "cities",
            "paint": {
                "circle-color": c["city"],
                "circle-radius": ["interpolate", ["linear"], ["zoom"], 3, 1.5, 10, 3.5],
                "circle-stroke-color": c["city_stroke"],
                "circle-stroke-width": 0.5,
                "circle-opacity": 0.8,
            },
        },
    ]
    return {
        "version": 8,
        "name": "heads-up-offline-dark" if dark else "heads-up-offline-light",
        "sources": sources,
        "layers": layers,
    }


def map_style(setting: str, base_url: str, dark: bool = False) -> dict[str, Any] | str:
    """Resolve a map-style setting to the offline style dict or pass it through."""
    if setting in OFFLINE_SETTINGS:
        return offline_style(base_url, dark=dark)
    return setting

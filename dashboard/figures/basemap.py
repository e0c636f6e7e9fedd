"""Offline MapLibre basemap for Plotly ``scattermap`` traces.

The style references only GeoJSON bundled under ``assets/map/`` (US state
outlines, county mesh, large cities), so a map renders with no network at all.
It deliberately has no ``glyphs`` and no ``sprite`` key and therefore no
symbol/text layers: those would need font and icon downloads.

MapLibre fetches GeoJSON sources in a web worker, where relative URLs fail, so
callers pass an absolute base URL (e.g. flask ``request.url_root``).
"""

from __future__ import annotations

from dataclasses import dataclass
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


TILE_PATH = "/tiles/{z}/{x}/{y}"
# OpenMapTiles layer names (tilemaker's and planetiler's default schema) and how each
# is drawn; a vector file with other layer names gets thin grey lines for every layer.
VECTOR_PAINT: dict[str, tuple[str, dict[str, Any]]] = {
    "water": ("fill", {"fill-color": "#c6d9e6"}),
    "park": ("fill", {"fill-color": "#dfe8d2", "fill-opacity": 0.7}),
    "building": ("fill", {"fill-color": "#dedbd3"}),
    "transportation": ("line", {"line-color": "#ffffff", "line-width": 1.2}),
    "waterway": ("line", {"line-color": "#a9c4d6", "line-width": 1}),
}
GENERIC_LINE = {"line-color": "#b8b4aa", "line-width": 0.6}


def county_over_streets(c: dict[str, str]) -> dict[str, Any]:
    """Return county lines drawn to stand out over a street map (dashed, darker, wider)."""
    return {"line-color": c["state_line"], "line-width": 1.6, "line-dasharray": [4, 2]}


# The light street tiles dimmed for the dark wall style.
DARK_RASTER = {"raster-brightness-max": 0.35, "raster-saturation": -0.7, "raster-contrast": 0.1}


@dataclass(frozen=True)
class StreetTiles:
    """The site's local street map, as served at /tiles (see dashboard.tiles)."""

    format: str  # png, jpg, jpeg, webp or pbf
    attribution: str = ""
    minzoom: int = 0
    maxzoom: int = 24
    vector_layers: tuple[str, ...] = ()

    @property
    def raster(self) -> bool:
        """Tell whether the tiles are images (else vector PBF)."""
        return self.format != "pbf"


def street_source(base_url: str, tiles: StreetTiles) -> dict[str, Any]:
    """Return the MapLibre source for the local tiles, on this app's own origin."""
    source: dict[str, Any] = {
        "type": "raster" if tiles.raster else "vector",
        "tiles": [base_url.rstrip("/") + TILE_PATH],
        "minzoom": tiles.minzoom,
        "maxzoom": tiles.maxzoom,
    }
    if tiles.raster:
        source["tileSize"] = 256
    if tiles.attribution:
        source["attribution"] = tiles.attribution
    return source


def street_layers(tiles: StreetTiles, dark: bool) -> list[dict[str, Any]]:
    """Return the layers drawing the local tiles (under the bundled outlines)."""
    if tiles.raster:
        paint = DARK_RASTER if dark else {}
        return [{"id": "streets", "type": "raster", "source": "streets", "paint": paint}]
    layers = []
    for name in tiles.vector_layers:
        kind, paint = VECTOR_PAINT.get(name, ("line", GENERIC_LINE))
        layers.append(
            {
                "id": f"streets-{name}",
                "type": kind,
                "source": "streets",
                "source-layer": name,
                "paint": paint,
            }
        )
    return layers


def asset_url(base_url: str, filename: str) -> str:
    """Return the absolute URL of a bundled map file."""
    return base_url.rstrip("/") + ASSET_PATH + filename


def offline_style(
    base_url: str, dark: bool = False, streets: StreetTiles | None = None
) -> dict[str, Any]:
    """Build a glyph-less MapLibre v8 style backed by bundled GeoJSON (and local tiles)."""
    c = DARK if dark else LIGHT
    sources: dict[str, Any] = {
        name: {"type": "geojson", "data": asset_url(base_url, filename)}
        for name, filename in (
            ("states", STATES_FILE),
            ("counties", COUNTIES_FILE),
            ("cities", CITIES_FILE),
        )
    }
    if streets is not None:
        sources["streets"] = street_source(base_url, streets)
    layers: list[dict[str, Any]] = [
        {
            "id": "background",
            "type": "background",
            "paint": {"background-color": c["background"]},
        },
        *(street_layers(streets, dark) if streets is not None else []),
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
            "paint": county_over_streets(c)
            if streets is not None
            else {
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


def map_style(
    setting: str, base_url: str, dark: bool = False, streets: StreetTiles | None = None
) -> dict[str, Any] | str:
    """Resolve a map-style setting to the offline style dict or pass it through."""
    if setting in OFFLINE_SETTINGS:
        return offline_style(base_url, dark=dark, streets=streets)
    return setting

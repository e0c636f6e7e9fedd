"""Tests for the bundled offline MapLibre basemap."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.figures.basemap import map_style, offline_style

ROOT = Path(__file__).resolve().parents[2]
MAP_DIR = ROOT / "assets" / "map"
BASE = "http://127.0.0.1:8050/"
MAX_BYTES = 3 * 1024 * 1024
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _source_urls(style: dict) -> list[str]:
    """Return the data URL of every source in a style."""
    return [src["data"] for src in style["sources"].values()]


@pytest.mark.parametrize("dark", [False, True])
def test_style_is_glyph_and_sprite_free(dark: bool) -> None:
    style = offline_style(BASE, dark=dark)
    assert style["version"] == 8
    assert "glyphs" not in style
    assert "sprite" not in style
    assert all(layer["type"] != "symbol" for layer in style["layers"])


@pytest.mark.parametrize("dark", [False, True])
def test_layers_reference_known_sources(dark: bool) -> None:
    style = offline_style(BASE, dark=dark)
    ids = [layer["id"] for layer in style["layers"]]
    assert len(ids) == len(set(ids))
    assert style["layers"][0]["type"] == "background"
    types = {layer["type"] for layer in style["layers"]}
    assert {"background", "fill", "line", "circle"} <= types
    for layer in style["layers"][1:]:
        assert layer["source"] in style["sources"]


@pytest.mark.parametrize("base", [BASE, "http://127.0.0.1:8050", "https://ops.example/app/"])
def test_source_urls_are_absolute_under_assets_map(base: str) -> None:
    for url in _source_urls(offline_style(base)):
        parsed = urlparse(url)
        assert parsed.scheme in {"http", "https"} and parsed.netloc
        assert url.startswith(base.rstrip("/") + "/assets/map/")
        assert "//assets" not in url
        assert url.endswith(".geojson")


def test_sources_are_geojson() -> None:
    for src in offline_style(BASE)["sources"].values():
        assert src["type"] == "geojson"


def test_referenced_files_exist_and_are_valid_geojson() -> None:
    names = {url.rsplit("/", 1)[1] for url in _source_urls(offline_style(BASE))}
    assert names == {"states.geojson", "counties.geojson", "cities.geojson"}
    for name in names:
        path = MAP_DIR / name
        assert path.is_file(), path
        assert 0 < path.stat().st_size < MAX_BYTES, (name, path.stat().st_size)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["type"] == "FeatureCollection":
            assert data["features"], name
            for feature in data["features"]:
                assert feature["type"] == "Feature"
                assert feature["geometry"]["type"] in GEOMETRY_TYPES
        else:
            assert data["type"] in GEOMETRY_TYPES, name
            assert data["coordinates"], name


def test_states_keep_names() -> None:
    data = json.loads((MAP_DIR / "states.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"California", "Texas", "New York"} <= names


def test_cities_have_properties_and_population_floor() -> None:
    data = json.loads((MAP_DIR / "cities.geojson").read_text(encoding="utf-8"))
    assert len(data["features"]) > 100
    for feature in data["features"]:
        props = feature["properties"]
        assert props["name"] and len(props["state"]) == 2
        assert props["population"] >= 100_000
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_dark_differs_from_light() -> None:
    light, dark = offline_style(BASE), offline_style(BASE, dark=True)
    assert light != dark
    assert light["layers"][0]["paint"] != dark["layers"][0]["paint"]
    assert light["sources"] == dark["sources"]


@pytest.mark.parametrize("setting", ["", "offline"])
def test_map_style_offline(setting: str) -> None:
    assert map_style(setting, BASE) == offline_style(BASE)
    assert map_style(setting, BASE, dark=True) == offline_style(BASE, dark=True)


@pytest.mark.parametrize(
    "setting", ["carto-positron", "carto-darkmatter", "https://tiles.example/style.json"]
)
def test_map_style_passthrough(setting: str) -> None:
    assert map_style(setting, BASE) == setting
    assert map_style(setting, BASE, dark=True) == setting


def test_vector_street_tiles_get_a_minimal_layer_set_dark_raster_is_dimmed() -> None:
    from dashboard.figures.basemap import StreetTiles

    vector = StreetTiles("pbf", "© OpenStreetMap contributors", 0, 14, ("water", "odd"))
    style = offline_style("http://h", streets=vector)
    assert style["sources"]["streets"]["type"] == "vector"
    assert "tileSize" not in style["sources"]["streets"]
    layers = {layer["id"]: layer for layer in style["layers"]}
    assert layers["streets-water"]["type"] == "fill"
    assert layers["streets-odd"] == {**layers["streets-odd"], "type": "line", "source-layer": "odd"}
    dark = offline_style("http://h", dark=True, streets=StreetTiles("png"))
    raster = next(layer for layer in dark["layers"] if layer["id"] == "streets")
    assert raster["paint"]["raster-brightness-max"] < 1
    assert "glyphs" not in style and "sprite" not in style

"""The street map served from a local MBTiles file: content types, TMS rows, caching, errors."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.config import Config, ConfigError
from dashboard.factory import create_app
from tests.api.conftest import Api, assert_error
from tests.auth import client_as, kiosk_client
from tests.mbtiles import gzipped_pbf, solid_png, write_mbtiles

RED, BLUE = solid_png((200, 0, 0)), solid_png((0, 0, 200))
ATTRIBUTION = "© OpenStreetMap contributors"


@pytest.fixture
def raster(tmp_path: Path) -> Path:
    """A PNG file: zoom 1 tile x=0 has red at y=0 (north) and blue at y=1 (south)."""
    tiles = {(1, 0, 0): RED, (1, 0, 1): BLUE}
    return write_mbtiles(tmp_path / "r.mbtiles", tiles, {"attribution": ATTRIBUTION})


@pytest.fixture
def tiled(make: Callable[..., Api], raster: Path) -> Api:
    """An app serving the PNG file."""
    return make(map_tiles=str(raster))


def test_tile001_png_tile_with_xyz_rows_and_caching(tiled: Api) -> None:
    client = client_as(tiled.app, "viewer")
    north = client.get("/tiles/1/0/0.png")
    assert north.status_code == 200
    assert north.content_type == "image/png"
    assert north.data == RED  # row 1 in the file (TMS) is y=0 on the map (XYZ)
    assert client.get("/tiles/1/0/1").data == BLUE  # extension optional
    assert "max-age=86400" in north.headers["Cache-Control"]
    assert "no-store" not in north.headers["Cache-Control"]
    etag = north.headers["ETag"]
    again = client.get("/tiles/1/0/0.png", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/tiles/1/0/1.png").headers["ETag"] != etag


def test_tile002_missing_tile_404_bad_address_400(tiled: Api) -> None:
    client = client_as(tiled.app, "viewer")
    missing = client.get("/tiles/1/1/1.png")
    assert missing.status_code == 404 and missing.data == b""
    for bad in (
        "/tiles/1/2/0",
        "/tiles/1/0/-1",
        "/tiles/x/0/0",
        "/tiles/99/0/0",
        "/tiles/1/0/0.exe",
    ):
        assert_error(client.get(bad), 400, "bad_tile_address")


def test_tile003_signed_in_and_kiosks_may_read_strangers_may_not(tiled: Api) -> None:
    assert tiled.app.server.test_client().get("/tiles/1/0/0.png").status_code == 401
    wall = kiosk_client(tiled.app)
    assert wall.get("/tiles/1/0/0.png").status_code == 200


def test_tile004_gzipped_pbf_says_so(make: Callable[..., Api], tmp_path: Path) -> None:
    blob = gzipped_pbf()
    meta = {"format": "pbf", "json": '{"vector_layers": [{"id": "transportation"}]}'}
    api = make(map_tiles=str(write_mbtiles(tmp_path / "v.mbtiles", {(0, 0, 0): blob}, meta)))
    answer = client_as(api.app, "viewer").get("/tiles/0/0/0.pbf")
    assert answer.content_type == "application/x-protobuf"
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.data) == b"\x1a\x00"  # sent as stored, not gzipped twice


def test_tile005_style_draws_tiles_under_outlines_with_attribution(tiled: Api) -> None:
    from dashboard.read.views import current_style

    with tiled.app.server.test_request_context("/", base_url="http://wall.local:8050"):
        style = current_style(tiled.runtime)
    assert isinstance(style, dict)
    source = style["sources"]["streets"]
    assert source["type"] == "raster"
    assert source["tiles"] == ["http://wall.local:8050/tiles/{z}/{x}/{y}"]
    assert source["attribution"] == ATTRIBUTION
    layer_ids = [layer["id"] for layer in style["layers"]]
    assert layer_ids.index("streets") < layer_ids.index("state-lines")  # under the outlines


def test_tile006_unusable_file_stops_the_app(api_config: Config, tmp_path: Path) -> None:
    (tmp_path / "junk.mbtiles").write_bytes(b"not sqlite at all" * 100)
    for path in (tmp_path / "absent.mbtiles", tmp_path / "junk.mbtiles"):
        with pytest.raises(ConfigError, match="HEADSUP_MAP_TILES"):
            create_app(replace(api_config, map_tiles=str(path)))

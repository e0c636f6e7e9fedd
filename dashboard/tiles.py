"""Serve the site's street map from a local MBTiles file at `/tiles/{z}/{x}/{y}`.

Any session may read tiles (users of every role and wall kiosks: both draw maps);
strangers may not, since the file is the site's and may be licensed to it. A tile
reveals only the basemap, never incidents, so no role finer than "signed in" applies.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from dashboard.api.errors import error_response
from dashboard.config import Config, ConfigError
from dashboard.ingest.errors import InputError
from dashboard.read.mbtiles import MAX_ZOOM, MBTiles, TilesError

TILES = "headsup.tiles"
EXTENSIONS = frozenset({"png", "jpg", "jpeg", "webp", "pbf", "mvt"})
# A day in the browser's own cache: the basemap changes when the site swaps the file,
# and the ETag (the tile's hash) then tells the browser its copy is stale.
CACHE_CONTROL = "private, max-age=86400"


def init_app(server: Flask, config: Config) -> None:
    """Open the configured MBTiles file (stop the app if unusable) and add the route."""
    if not config.map_tiles:
        return
    try:
        server.extensions[TILES] = MBTiles.open(config.map_tiles)
    except TilesError as exc:
        raise ConfigError(str(exc)) from None
    server.add_url_rule("/tiles/<z>/<x>/<y>", "tiles", serve_tile, methods=["GET"])


def tile_source() -> MBTiles | None:
    """Return the served MBTiles file of this app, if any."""
    return current_app.extensions.get(TILES)


def tile_address(z: str, x: str, y: str) -> tuple[int, int, int]:
    """Parse z/x/y (y may end in an extension such as .png); raise ValueError naming why."""
    row, _dot, ext = y.partition(".")
    if ext and ext.lower() not in EXTENSIONS:
        raise ValueError(f"unknown tile extension {ext!r}")
    parts = (z, x, row)
    if not all(p.isascii() and p.isdigit() and len(p) <= 8 for p in parts):
        raise ValueError(f"{z}/{x}/{y} is not three whole numbers zoom/x/y")
    zoom, column, line = (int(p) for p in parts)
    if zoom > MAX_ZOOM or column >= 1 << zoom or line >= 1 << zoom:
        raise ValueError(f"no tile {zoom}/{column}/{line}: zoom 0-{MAX_ZOOM}, x and y below 2^zoom")
    return zoom, column, line


def serve_tile(z: str, x: str, y: str) -> Response:
    """Answer one tile: 200 with caching headers, 304 when unchanged, 404, or 400."""
    tiles = current_app.extensions[TILES]
    try:
        address = tile_address(z, x, y)
    except ValueError as exc:
        return error_response(InputError(400, "bad_tile_address", str(exc)))
    tile = tiles.tile(*address)
    if tile is None:
        response = Response(b"", status=404, mimetype="text/plain")
        response.headers["Cache-Control"] = CACHE_CONTROL  # missing stays missing
        return response
    response = Response(tile.data, content_type=tile.content_type)
    if tile.gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(hashlib.sha1(tile.data, usedforsecurity=False).hexdigest())
    return response.make_conditional(request)

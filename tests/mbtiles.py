"""Build small MBTiles files for tests and the street-map screenshot (PNG without PIL)."""

from __future__ import annotations

import gzip
import math
import sqlite3
import struct
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

Pixel = tuple[int, int, int]
SIZE = 256


def png(pixel: Callable[[int, int], Pixel], size: int = SIZE) -> bytes:
    """Return an RGB PNG whose colour at (x, y) is `pixel(x, y)`."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def solid_png(colour: Pixel) -> bytes:
    """Return a one-colour 256x256 PNG."""
    return png(lambda _x, _y: colour)


def write_mbtiles(
    path: Path,
    tiles: Mapping[tuple[int, int, int], bytes],
    metadata: Mapping[str, str] | None = None,
) -> Path:
    """Write an MBTiles file; tiles are keyed by XYZ address and stored with TMS rows."""
    meta = {"name": "test", "format": "png", **(metadata or {})}
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
        )
    conn.close()
    return path


def gzipped_pbf() -> bytes:
    """Return a gzipped stand-in for a vector tile (the server never decodes it)."""
    return gzip.compress(b"\x1a\x00")


def lon_lat_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """Return the XYZ tile holding a point (Web Mercator)."""
    n = 1 << zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def street_tile(z: int, x: int, y: int) -> bytes:
    """Return a synthetic street-map tile: a street grid continuous across tiles, no real data.

    Streets every 2^-16 of the world (about 500 m here), avenues every fourth, park blocks
    and a diagonal freeway, so a screenshot shows a street basemap under the outlines
    without shipping OpenStreetMap data.
    """
    unit = (1 << 24) // (SIZE << z)  # world units (2^24 around the world) per pixel
    spacing = 1 << 8
    line = unit * (2 if z >= 13 else 1)

    def pixel(px: int, py: int) -> Pixel:
        gx, gy = (x * SIZE + px) * unit, (y * SIZE + py) * unit
        if (gx - gy) % (spacing * 40) < line * 4:
            return (247, 206, 120)  # freeway
        if gx % (spacing * 4) < line * 2 or gy % (spacing * 4) < line * 2:
            return (255, 255, 255)  # avenue
        if z >= 12 and (gx % spacing < line or gy % spacing < line):
            return (250, 250, 248)  # street
        cell_x, cell_y = gx // spacing, gy // spacing
        if cell_x % 9 == 3 and cell_y % 7 == 2:
            return (205, 226, 192)  # park
        return (232, 229, 222)

    return png(pixel)


def street_sample(path: Path, west: float, south: float, east: float, north: float,
                  zooms: range) -> Path:  # fmt: skip
    """Write a small synthetic street MBTiles covering a box at the given zooms."""
    tiles = {}
    for z in zooms:
        x0, y0 = lon_lat_tile(west, north, z)
        x1, y1 = lon_lat_tile(east, south, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                tiles[(z, x, y)] = street_tile(z, x, y)
    meta = {
        "name": "sample streets",
        "format": "png",
        "minzoom": str(zooms.start),
        "maxzoom": str(zooms.stop - 1),
        "attribution": "Synthetic sample tiles (Heads-Up screenshot), not real streets",
    }
    return write_mbtiles(path, tiles, meta)

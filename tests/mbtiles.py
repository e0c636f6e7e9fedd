"""Build small MBTiles files for tests and the street-map screenshot (PNG without PIL)."""

from __future__ import annotations

import gzip
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

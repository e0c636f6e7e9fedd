"""Read a local MBTiles file (SQLite): metadata and tiles by XYZ address, read-only."""

from __future__ import annotations

import gzip
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from dashboard.figures.basemap import StreetTiles

# MBTiles `format` → Content-Type; pbf tiles are vector tiles (Mapbox Vector Tile).
CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "pbf": "application/x-protobuf",
}
RASTER_FORMATS = frozenset({"png", "jpg", "jpeg", "webp"})
MAX_ZOOM = 24


class TilesError(ValueError):
    """The MBTiles file cannot be used (missing, not SQLite, no tiles table, odd format)."""


@dataclass(frozen=True)
class Tile:
    """One tile's bytes and how to send them."""

    data: bytes
    content_type: str
    gzipped: bool


@dataclass
class MBTiles:
    """An MBTiles file opened read-only, one SQLite connection per thread."""

    path: Path
    metadata: dict[str, str] = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @classmethod
    def open(cls, path: str | Path) -> MBTiles:
        """Open the file and read its metadata; raise TilesError when it is unusable."""
        tiles = cls(Path(path).resolve())
        if not tiles.path.is_file():
            raise TilesError(f"HEADSUP_MAP_TILES: no file at {tiles.path}")
        try:
            rows = tiles._conn().execute("SELECT name, value FROM metadata").fetchall()
            tiles._conn().execute("SELECT 1 FROM tiles LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise TilesError(f"HEADSUP_MAP_TILES: {tiles.path} is not MBTiles ({exc})") from None
        tiles.metadata = {str(name): str(value) for name, value in rows}
        if tiles.format not in CONTENT_TYPES:
            raise TilesError(f"HEADSUP_MAP_TILES: tile format {tiles.format!r} is not served")
        return tiles

    @property
    def format(self) -> str:
        """Return the tile format from metadata (png when the file does not say)."""
        return self.metadata.get("format", "png").strip().lower()

    @property
    def raster(self) -> bool:
        """Tell whether the tiles are images (else vector PBF)."""
        return self.format in RASTER_FORMATS

    @property
    def attribution(self) -> str:
        """Return the attribution the file asks to show (may be empty)."""
        return self.metadata.get("attribution", "")

    def zoom_range(self) -> tuple[int, int]:
        """Return the file's min and max zoom from metadata, else 0 and MAX_ZOOM."""
        return _int(self.metadata.get("minzoom"), 0), _int(self.metadata.get("maxzoom"), MAX_ZOOM)

    def vector_layers(self) -> list[str]:
        """Return the ids of the vector layers named in metadata `json` (vector files)."""
        try:
            layers = json.loads(self.metadata.get("json", "{}")).get("vector_layers", [])
        except (ValueError, AttributeError):
            return []
        return [str(layer["id"]) for layer in layers if isinstance(layer, dict) and "id" in layer]

    @cached_property
    def street_tiles(self) -> StreetTiles:
        """Describe the file for the map style."""
        low, high = self.zoom_range()
        return StreetTiles(self.format, self.attribution, low, high, tuple(self.vector_layers()))

    def tile(self, z: int, x: int, y: int) -> Tile | None:
        """Return the tile at XYZ address z/x/y (MBTiles rows count from the south: TMS)."""
        row = (1 << z) - 1 - y
        found = (
            self._conn()
            .execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, row),
            )
            .fetchone()
        )
        if found is None or found[0] is None:
            return None
        data = bytes(found[0])
        return Tile(data, CONTENT_TYPES[self.format], data[:2] == GZIP_MAGIC)

    def _conn(self) -> sqlite3.Connection:
        # sqlite3 connections must stay in their thread; the URI makes the file read-only.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"{self.path.as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=True)
            self._local.conn = conn
        return conn


GZIP_MAGIC = gzip.compress(b"")[:2]


def _int(raw: Any, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default

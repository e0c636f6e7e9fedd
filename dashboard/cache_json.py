"""A flask-caching backend whose values are JSON, never pickle.

Unpickling runs code, so a cache that someone else can write to (a shared Redis) would
be a way in. Values here are JSON with small tags for the pandas objects the views
cache: frames (pandas' "table" orient keeps dtypes), series and timestamps.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pandas as pd
from cachelib.serializers import SimpleSerializer
from flask_caching.backends.simplecache import SimpleCache


def _encode(value: Any) -> Any:
    """Turn what json cannot write into tagged plain values."""
    if isinstance(value, pd.DataFrame):
        return {
            "__frame__": value.to_json(orient="table", date_format="iso", date_unit="us"),
            "dtypes": {str(c): str(t) for c, t in value.dtypes.items()},
        }
    if isinstance(value, pd.Series):
        return {"__series__": [[k, v] for k, v in value.items()], "name": value.name}
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return {"__ts__": value.isoformat()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray | set | tuple):
        return list(value)
    raise TypeError(f"cannot cache a {type(value).__name__} as JSON")


def _decode(obj: dict[str, Any]) -> Any:
    """Turn tagged values back into pandas objects."""
    if "__frame__" in obj:
        frame = pd.read_json(io.StringIO(obj["__frame__"]), orient="table")
        # The table schema keeps "datetime" but not its unit (s, us, ns): put it back.
        for column, dtype in obj.get("dtypes", {}).items():
            if dtype.startswith("datetime64") and column in frame:
                frame[column] = frame[column].astype(dtype)
        return frame
    if "__series__" in obj:
        keys = [k for k, _v in obj["__series__"]]
        values = [v for _k, v in obj["__series__"]]
        return pd.Series(values, index=keys, name=obj["name"], dtype=object)
    if "__ts__" in obj:
        return pd.Timestamp(obj["__ts__"])
    return obj


class JsonSerializer(SimpleSerializer):
    """Serialise cache values as UTF-8 JSON."""

    def dumps(self, value: Any, protocol: int = 0) -> bytes:
        """Return the JSON bytes of a value."""
        return json.dumps(value, default=_encode).encode()

    def loads(self, bvalue: bytes) -> Any:
        """Read a value back from its JSON bytes."""
        return json.loads(bvalue, object_hook=_decode)


class JsonSimpleCache(SimpleCache):
    """flask-caching's in-process cache with the JSON serializer."""

    serializer = JsonSerializer()

"""The operations map's jurisdiction outlines, built once per version of the reference data."""

from __future__ import annotations

import threading
from typing import Any

from dashboard.figures.outlines import outline_features, outline_layers
from dashboard.runtime import Runtime

_lock = threading.Lock()
# (version, look) -> layers; one version lives at a time, so a newer one replaces the rest.
_built: dict[tuple[str, str], list[dict[str, Any]]] = {}
# The wall's markers are drawn 1.8 times the operations view's; its limits and names too.
WALL_SCALE = 1.8


def jurisdiction_layers(rt: Runtime, wall: bool = False) -> list[dict[str, Any]]:
    """Return the outline layers of the reference data in force (shared: read-only)."""
    reference = rt.reference()
    key = (reference.version, "wall" if wall else "ops")
    with _lock:
        layers = _built.get(key)
        if layers is None:
            features = outline_features(reference.jurisdictions)
            if wall:
                layers = outline_layers(features, dark=True, scale=WALL_SCALE)
            else:
                layers = outline_layers(features)
            for stale in [k for k in _built if k[0] != reference.version]:
                del _built[stale]
            _built[key] = layers
        return layers

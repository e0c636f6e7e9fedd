"""The operations map's jurisdiction outlines, built once per version of the reference data."""

from __future__ import annotations

import threading
from typing import Any

from dashboard.figures.outlines import outline_features, outline_layers
from dashboard.runtime import Runtime

_lock = threading.Lock()
# version -> layers; one version lives at a time, so the newest replaces the last.
_built: dict[str, list[dict[str, Any]]] = {}


def jurisdiction_layers(rt: Runtime) -> list[dict[str, Any]]:
    """Return the outline layers of the reference data in force (shared: read-only)."""
    reference = rt.reference()
    with _lock:
        layers = _built.get(reference.version)
        if layers is None:
            layers = outline_layers(outline_features(reference.jurisdictions))
            _built.clear()
            _built[reference.version] = layers
        return layers

"""The maps' jurisdiction outlines, built once per version of the reference data."""

from __future__ import annotations

from typing import Any

from dashboard.figures.outlines import outline_features, outline_layers
from dashboard.runtime import Runtime

# The wall's markers are drawn 1.8 times the operations view's; its limits and names too.
WALL_SCALE = 1.8


def jurisdiction_layers(rt: Runtime, wall: bool = False) -> list[dict[str, Any]]:
    """Return the outline layers of the reference data in force (shared: read-only)."""
    reference = rt.reference()

    def build() -> list[dict[str, Any]]:
        features = outline_features(reference.jurisdictions)
        if wall:
            return outline_layers(features, dark=True, scale=WALL_SCALE)
        return outline_layers(features)

    return rt.memo.get(f"map-layers:{'wall' if wall else 'ops'}", reference.version, build)

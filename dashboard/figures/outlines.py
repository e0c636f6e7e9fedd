"""The configured jurisdictions' outlines as map layers: where each city's limits run.

Layers of the figure's layout (`map.layers`), drawn below the incident traces: a thin
line per boundary and the jurisdiction's name along it. The GeoJSON rides inside the
figure, so nothing is fetched; a jurisdiction known only by its label point (or an
approximate circle) has no outline worth drawing as a limit and is left out or dashed.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

# Counties under cities: the wider area reads as context, the city limit as the line
# that decides who is local.
LINE_COLOUR = {"city": "#5a6b85", "county": "#8a8577"}
# On the wall's dark style: light enough to read from across a room, dimmer than markers.
DARK_LINE_COLOUR = {"city": "#8fa6c8", "county": "#6f7d94"}
LINE_WIDTH = {"city": 1.6, "county": 1.2}
APPROX_DASH = [4, 3]  # an approximate boundary: drawn, but visibly not a legal limit
LABEL_SIZE = 11
# Every layer goes under the incident markers, so an outline never covers a point.
BELOW = "traces"


def outline_features(jurisdictions: pd.DataFrame) -> list[dict[str, Any]]:
    """Return each jurisdiction with an area boundary as a GeoJSON Feature, widest first."""
    features = []
    for row in jurisdictions.itertuples(index=False):
        boundary = getattr(row, "boundary", None)
        if not isinstance(boundary, str) or not boundary:
            continue
        geometry = json.loads(boundary)
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        props = {
            "id": row.id,
            "name": row.name,
            "kind": "county" if row.kind == "county" else "city",
            "approx": bool(getattr(row, "boundary_approx", False)),
        }
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    # Counties first: a city's line and label are drawn over its county's.
    return sorted(features, key=lambda f: f["properties"]["kind"] != "county")


def outline_layers(
    features: list[dict[str, Any]], labels: bool = True, dark: bool = False, scale: float = 1.0
) -> list[dict[str, Any]]:
    """Return a line layer and, when asked, a name layer along it for each feature.

    `dark` picks colours for the dark style; `scale` widens lines and names for a wall.
    """
    layers: list[dict[str, Any]] = []
    for feature in features:
        props = feature["properties"]
        colour = (DARK_LINE_COLOUR if dark else LINE_COLOUR)[props["kind"]]
        line: dict[str, Any] = {"width": LINE_WIDTH[props["kind"]] * scale}
        if props["approx"]:
            line["dash"] = APPROX_DASH
        layers.append(
            {
                "name": f"outline-{props['id']}",
                "sourcetype": "geojson",
                "source": feature,
                "type": "line",
                "color": colour,
                "opacity": 0.85,
                "line": line,
                "below": BELOW,
            }
        )
        if labels:
            layers.append(name_layer(feature, colour, scale))
    return layers


def name_layer(feature: dict[str, Any], colour: str, scale: float = 1.0) -> dict[str, Any]:
    """Return the layer writing a jurisdiction's name along its outline."""
    props = feature["properties"]
    return {
        "name": f"outline-name-{props['id']}",
        "sourcetype": "geojson",
        "source": feature,
        "type": "symbol",
        # Along the line, repeated: whichever stretch of the limit is in view is named.
        "symbol": {
            # No icon: Plotly's default, "marker", is an image it fetches from a CDN.
            "icon": "",
            "text": props["name"],
            "placement": "line",
            "textfont": {"size": LABEL_SIZE * scale, "color": colour},
        },
        "below": BELOW,
    }

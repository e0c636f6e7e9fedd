"""The analyst map: incident points (clustered when zoomed out) or a density heat map.

Pure: a frame of incidents in, a figure out. Points carry their id in `customdata`, so a
lasso or box selection names the incidents it picked. The heat map sums incidents on a
grid of about 1 km, so 100,000 incidents cost a few thousand weighted points, not all.
Points are capped at MAX_POINTS (the newest reports); the view says so when it cuts.
Figures are plain dicts: `go.Figure` validation of 100,000 points costs seconds.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from dashboard.figures.analyze_charts import KIND_COLOURS, TEMPLATE
from dashboard.figures.incident_map import CLUSTER_MAXZOOM, DRAW_ORDER, display_points, fit_view
from dashboard.figures.theme import KIND_LABELS

HEAT_GRID_DEG = 0.01
MAX_POINTS = 20_000  # points drawn one by one; more are the newest MAX_POINTS
POINT_COLUMNS = ("id", "kind", "title", "status", "city", "city_name", "lat", "lon",
                 "draw_lat", "draw_lon", "hover")  # fmt: skip


def drawn_points(df: pd.DataFrame) -> pd.DataFrame:
    """Return the incidents the points map draws: all, or the MAX_POINTS newest reports."""
    if len(df) <= MAX_POINTS:
        return df
    return df.nlargest(MAX_POINTS, "reported_at")


def hover_texts(df: pd.DataFrame) -> list[str]:
    """Return each incident's hover text: title, city and status (escaped)."""
    places = df["city_name"] if "city_name" in df else df["city"]
    return [
        f"<b>{escape(str(t))}</b><br>{escape(str(c))} · {s}"
        for t, c, s in zip(df["title"], places, df["status"], strict=True)
    ]


def points_trace(kind: str, df: pd.DataFrame) -> dict[str, Any]:
    """Return one kind's points, clustered below CLUSTER_MAXZOOM.

    Uses the drawn points and hover text the read model prepared, when it did.
    """
    if "draw_lat" in df:
        lat, lon = df["draw_lat"].to_numpy(float), df["draw_lon"].to_numpy(float)
    else:
        lat, lon = (np.asarray(a, dtype=float) for a in display_points(df))
    hover = df["hover"].tolist() if "hover" in df else hover_texts(df)
    return {
        "type": "scattermap", "name": KIND_LABELS[kind], "lat": typed(lat), "lon": typed(lon),
        "customdata": df["id"].tolist(), "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>", "mode": "markers",
        "marker": {"size": 11, "color": KIND_COLOURS[kind], "opacity": 0.9},
        "cluster": {"enabled": True, "maxzoom": CLUSTER_MAXZOOM, "size": 22,
                    "color": KIND_COLOURS[kind], "opacity": 0.75},
        "uid": f"analyze-{kind}",
    }  # fmt: skip


def typed(values: np.ndarray) -> dict[str, str]:
    """Return coordinates as a Plotly typed array: 8 bytes a point, no float formatting.

    Float64, so points lie exactly where a plain list put them. This map is redrawn
    whole, never patched by index (which typed arrays would not take).
    """
    data = np.ascontiguousarray(values, dtype="<f8")
    return {"dtype": "f8", "bdata": base64.b64encode(data.tobytes()).decode("ascii")}


def heat_trace(df: pd.DataFrame) -> dict[str, Any]:
    """Return a density map of the incidents, summed on a grid of HEAT_GRID_DEG."""
    cells = (
        pd.DataFrame(
            {
                "lat": (df["lat"].astype(float) / HEAT_GRID_DEG).round() * HEAT_GRID_DEG,
                "lon": (df["lon"].astype(float) / HEAT_GRID_DEG).round() * HEAT_GRID_DEG,
            }
        )
        .value_counts()
        .reset_index(name="n")
    )
    return {
        "type": "densitymap",
        "lat": cells["lat"].round(4).tolist(),
        "lon": cells["lon"].round(4).tolist(),
        "z": cells["n"].tolist(),
        "radius": 22,
        "colorscale": "YlOrRd",
        "showscale": True,
        # Shorter than the map and anchored at its foot: full height, the bar and its
        # title ran under the mode bar in the top corner.
        "colorbar": {
            "title": {"text": "incidents"},
            "thickness": 12,
            "len": 0.8,
            "y": 0,
            "yanchor": "bottom",
        },
        "hovertemplate": "%{z} incidents<extra></extra>",
    }


def analyze_map(
    df: pd.DataFrame,
    style: dict | str,
    mode: str = "points",
    center: dict[str, float] | None = None,
    zoom: float | None = None,
    uirevision: str = "analyze",
) -> dict[str, Any]:
    """Build the analyst map of these incidents: points by kind (capped), or the heat map."""
    if center is None or zoom is None:
        fitted = fit_view(df) if len(df) else ({"lat": 38.5, "lon": -98.0}, 3.2)
        center, zoom = center or fitted[0], zoom if zoom is not None else fitted[1]
    if mode == "heat":
        traces = [heat_trace(df)] if len(df) else []
    else:
        shown = drawn_points(df)
        # Only the columns a trace reads, so each kind's row filter copies little.
        shown = shown[[c for c in POINT_COLUMNS if c in shown]]
        kinds = shown["kind"].to_numpy()
        traces = [points_trace(k, shown[kinds == k]) for k in DRAW_ORDER]
    layout = {
        "template": TEMPLATE,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "map": {"style": style, "center": center, "zoom": zoom},
        "showlegend": mode != "heat",
        "legend": {"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
        "uirevision": uirevision,
        "dragmode": "lasso" if mode != "heat" else "pan",
    }
    return {"data": traces, "layout": layout}

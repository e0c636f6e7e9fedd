"""The incident map: clustered marker traces per kind, glyph overlays, and their Patch()es.

Traces 0-2 are the markers of each kind (colour = status, clustered when zoomed out);
traces 3-5 repeat the same points as text glyphs (OP, ST, PR) so the kind reads without
colour. MapLibre draws no text on a clustered trace, so the glyphs are their own traces,
shown by a clientside callback (assets/map_glyphs.js) once the map zooms past clustering.
They are hidden by an empty `texttemplate`, not `visible=False` (Plotly 7.1 never draws a
scattermap text trace made visible after starting invisible) nor a transparent colour
(invisible labels still win MapLibre's collision test and hide the cluster counts).
"""

from __future__ import annotations

from html import escape
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard.domain import KINDS
from dashboard.figures.theme import (
    CLUSTER_COLOURS,
    KIND_GLYPHS,
    KIND_LABELS,
    KIND_SIZES,
    LEAN_TEMPLATE,
    STATUS_COLOURS,
)

# Above this many changed incidents one whole figure is cheaper than many index edits.
PATCH_LIMIT = 300
CLUSTER_MAXZOOM = 10
GLYPH_OFFSET = len(KINDS)


def point_columns(df: pd.DataFrame) -> dict[str, list[Any]]:
    """Return the per-point arrays of a trace as plain lists.

    Plain lists, not numpy arrays: Plotly sends arrays as base64 typed arrays, and a
    Patch() that edits such an array by index silently does nothing in the browser.
    """
    notified = [", ".join(n) if len(n) else "none" for n in df["notified"]]
    hover = [
        f"<b>{escape(str(title))}</b><br>{escape(str(city))} · {status}<br>"
        f"Notified: {escape(agencies)}"
        for title, city, status, agencies in zip(
            df["title"], df["city"], df["status"], notified, strict=True
        )
    ]
    return {
        "lat": df["lat"].astype(float).round(6).tolist(),
        "lon": df["lon"].astype(float).round(6).tolist(),
        "color": [STATUS_COLOURS.get(s, "#999999") for s in df["status"]],
        "customdata": df["id"].tolist(),
        "hovertext": hover,
    }


def incident_trace(kind: str, df: pd.DataFrame) -> go.Scattermap:
    """Build the marker trace of one kind; ids ride in customdata for click lookups."""
    cols = point_columns(df)
    return go.Scattermap(
        name=KIND_LABELS[kind],
        lat=cols["lat"],
        lon=cols["lon"],
        customdata=cols["customdata"],
        hovertext=cols["hovertext"],
        hovertemplate="%{hovertext}<extra></extra>",
        mode="markers",
        marker={"size": KIND_SIZES[kind], "color": cols["color"], "opacity": 0.92},
        cluster={
            "enabled": True,
            "maxzoom": CLUSTER_MAXZOOM,
            "size": 26,
            "opacity": 0.9,
            "color": CLUSTER_COLOURS[kind],
        },
        uid=kind,
    )


def glyph_trace(kind: str, df: pd.DataFrame, shown: bool) -> go.Scattermap:
    """Build the text overlay that names the kind of each point of a marker trace."""
    return go.Scattermap(
        name=f"{KIND_LABELS[kind]} glyphs",
        lat=df["lat"].astype(float).round(6).tolist(),
        lon=df["lon"].astype(float).round(6).tolist(),
        mode="text",
        # One constant template, not a text per point: nothing to patch when points move.
        texttemplate=KIND_GLYPHS[kind] if shown else "",
        meta=KIND_GLYPHS[kind],
        # No font weight: a bold face is a font MapLibre cannot find offline (blank map).
        textfont={"color": "#ffffff", "size": 10},
        hoverinfo="skip",
        showlegend=False,
        uid=f"{kind}-glyphs",
    )


def incident_map(
    df: pd.DataFrame,
    style: dict | str,
    center: dict[str, float] | None = None,
    zoom: float = 3.2,
    uirevision: str = "ops",
) -> go.Figure:
    """Build the whole map: per kind, in first-seq order, markers then glyphs."""
    ordered = df.sort_values("first_seq", kind="stable")
    if center is None and len(df):
        center, zoom = fit_view(df)
    by_kind = [ordered[ordered["kind"] == kind] for kind in KINDS]
    show_glyphs = zoom >= CLUSTER_MAXZOOM
    figure = go.Figure(
        [incident_trace(k, part) for k, part in zip(KINDS, by_kind, strict=True)]
        + [glyph_trace(k, part, show_glyphs) for k, part in zip(KINDS, by_kind, strict=True)]
    )
    figure.update_layout(
        template=LEAN_TEMPLATE,
        map={"style": style, "center": center or {"lat": 38.5, "lon": -98.0}, "zoom": zoom},
        showlegend=False,
        uirevision=uirevision,
        meta={"glyph_minzoom": CLUSTER_MAXZOOM},
    )
    return figure


def fit_view(df: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Return a center and zoom that show every incident in the frame."""
    lat_span = float(df["lat"].max() - df["lat"].min())
    lon_span = float(df["lon"].max() - df["lon"].min())
    span = max(lat_span * 1.6, lon_span, 0.15)
    zoom = float(np.clip(np.log2(360 / span) - 0.6, 2.5, 12))
    center = {"lat": float(df["lat"].mean()), "lon": float(df["lon"].mean())}
    return center, round(zoom, 2)


def map_patch(visible: pd.DataFrame, changed: pd.DataFrame, client_seq: int) -> Patch | None:
    """Edit the client's traces in place for incidents changed after `client_seq`.

    The client's traces of a kind hold the visible incidents with first_seq <= client_seq,
    ordered by first_seq, so an incident's index is the count of those before it.
    Returns None when a whole figure is the better answer.
    """
    if len(changed) > PATCH_LIMIT:
        return None
    patch = Patch()
    visible_kinds = visible["kind"].to_numpy()
    visible_first = visible["first_seq"].to_numpy()
    changed_kinds = changed["kind"].to_numpy()
    for trace_index, kind in enumerate(KINDS):
        mine = changed[changed_kinds == kind]
        if mine.empty:
            continue
        known = np.sort(visible_first[(visible_kinds == kind) & (visible_first <= client_seq)])
        existing = mine[mine["first_seq"] <= client_seq]
        added = mine[mine["first_seq"] > client_seq].sort_values("first_seq")
        markers = patch["data"][trace_index]
        glyphs = patch["data"][trace_index + GLYPH_OFFSET]
        positions = np.searchsorted(known, existing["first_seq"].to_numpy()).tolist()
        _edit_points(markers, glyphs, existing, positions)
        if len(added):
            _append_points(markers, glyphs, added)
    return patch


def _edit_points(markers: Any, glyphs: Any, rows: pd.DataFrame, positions: list[int]) -> None:
    if rows.empty:
        return
    cols = point_columns(rows)
    for n, index in enumerate(positions):
        for name in ("lat", "lon", "customdata", "hovertext"):
            markers[name][index] = cols[name][n]
        markers["marker"]["color"][index] = cols["color"][n]
        glyphs["lat"][index] = cols["lat"][n]
        glyphs["lon"][index] = cols["lon"][n]


def _append_points(markers: Any, glyphs: Any, rows: pd.DataFrame) -> None:
    cols = point_columns(rows)
    for name in ("lat", "lon", "customdata", "hovertext"):
        markers[name].extend(cols[name])
    markers["marker"]["color"].extend(cols["color"])
    glyphs["lat"].extend(cols["lat"])
    glyphs["lon"].extend(cols["lon"])

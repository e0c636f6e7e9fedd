"""The incident map: one scattermap trace per kind, and Patch()es that keep it current."""

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
CLUSTER_MAXZOOM = 11


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
    """Build the trace of one kind; ids ride in customdata for click lookups."""
    cols = point_columns(df)
    return go.Scattermap(
        name=KIND_LABELS[kind],
        lat=cols["lat"],
        lon=cols["lon"],
        customdata=cols["customdata"],
        hovertext=cols["hovertext"],
        hovertemplate="%{hovertext}<extra></extra>",
        mode="markers+text",
        text=[KIND_GLYPHS[kind]] * len(df),
        textposition="middle center",
        textfont={"color": "#ffffff", "size": 9},
        marker={"size": KIND_SIZES[kind], "color": cols["color"], "opacity": 0.9},
        cluster={
            "enabled": True,
            "maxzoom": CLUSTER_MAXZOOM,
            "size": 24,
            "opacity": 0.9,
            "color": CLUSTER_COLOURS[kind],
        },
        uid=kind,
    )


def incident_map(
    df: pd.DataFrame,
    style: dict | str,
    center: dict[str, float] | None = None,
    zoom: float = 3.2,
    uirevision: str = "ops",
) -> go.Figure:
    """Build the whole map: one trace per kind, in first-seq order within each."""
    ordered = df.sort_values("first_seq", kind="stable")
    if center is None and len(df):
        center, zoom = fit_view(df)
    traces = [incident_trace(kind, ordered[ordered["kind"] == kind]) for kind in KINDS]
    figure = go.Figure(traces)
    figure.update_layout(
        template=LEAN_TEMPLATE,
        map={"style": style, "center": center or {"lat": 38.5, "lon": -98.0}, "zoom": zoom},
        showlegend=False,
        uirevision=uirevision,
    )
    return figure


def fit_view(df: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Return a center and zoom that show every incident in the frame."""
    lat_span = float(df["lat"].max() - df["lat"].min())
    lon_span = float(df["lon"].max() - df["lon"].min())
    span = max(lat_span * 1.6, lon_span, 0.02)
    zoom = float(np.clip(np.log2(360 / span) - 0.6, 2.5, 14))
    center = {"lat": float(df["lat"].mean()), "lon": float(df["lon"].mean())}
    return center, round(zoom, 2)


def map_patch(visible: pd.DataFrame, changed: pd.DataFrame, client_seq: int) -> Patch | None:
    """Edit the client's traces in place for incidents changed after `client_seq`.

    The client's trace of a kind holds the visible incidents with first_seq <= client_seq,
    ordered by first_seq, so an incident's index is the count of those before it.
    Returns None when a whole figure is the better answer.
    """
    if len(changed) > PATCH_LIMIT:
        return None
    patch = Patch()
    for trace_index, kind in enumerate(KINDS):
        mine = changed[changed["kind"] == kind]
        if mine.empty:
            continue
        known = np.sort(
            visible.loc[
                (visible["kind"] == kind) & (visible["first_seq"] <= client_seq), "first_seq"
            ].to_numpy()
        )
        existing = mine[mine["first_seq"] <= client_seq]
        added = mine[mine["first_seq"] > client_seq].sort_values("first_seq")
        trace = patch["data"][trace_index]
        _edit_points(trace, existing, np.searchsorted(known, existing["first_seq"].to_numpy()))
        if len(added):
            cols = point_columns(added)
            for name in ("lat", "lon", "customdata", "hovertext"):
                trace[name].extend(cols[name])
            trace["marker"]["color"].extend(cols["color"])
            trace["text"].extend([KIND_GLYPHS[kind]] * len(added))
    return patch


def _edit_points(trace: Any, rows: pd.DataFrame, positions: np.ndarray) -> None:
    if rows.empty:
        return
    cols = point_columns(rows)
    for n, index in enumerate(positions.tolist()):
        for name in ("lat", "lon", "customdata", "hovertext"):
            trace[name][index] = cols[name][n]
        trace["marker"]["color"][index] = cols["color"][n]

"""The incident map: one marker trace per kind in draw order, rings on top, and their Patch()es.

Draw order is the order of importance, bottom to top: protests (clustered when zoomed
out), staging sites, operations (never clustered, so no protest cluster covers them),
then the rings (alarm and selection) with a copy of each ringed marker above them, then
the kind glyphs (OP, ST, PR) as text traces. MapLibre draws no text on a clustered trace,
so the protest glyphs are shown by a clientside callback (assets/map_glyphs.js) once the
map zooms past clustering; glyphs of unclustered kinds are always shown. Hidden glyphs
have an empty `texttemplate`, not `visible=False` (Plotly 7.1 never draws a scattermap
text trace made visible after starting invisible) nor a transparent colour (invisible
labels still win MapLibre's collision test and hide the cluster counts).
"""

from __future__ import annotations

from html import escape
from typing import Any
from zlib import crc32

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard.domain import OUTSIDE
from dashboard.figures.map_view import fit_incidents, selection_zoom
from dashboard.figures.theme import (
    ALARM_COLOUR,
    CLUSTER_COLOURS,
    KIND_GLYPHS,
    KIND_LABELS,
    KIND_SIZES,
    LEAN_TEMPLATE,
    SELECTION_COLOUR,
    STATUS_COLOURS,
)

# Above this many changed incidents one whole figure is cheaper than many index edits.
PATCH_LIMIT = 300
# Clusters only on regional and wider views: from zoom 9 (a county, about 300 km across
# on the operations map) every marker is drawn, so a city view hides none in a bubble.
CLUSTER_MAXZOOM = 8
# MapLibre still clusters at every zoom below CLUSTER_MAXZOOM + 1 (it clusters by whole
# tile zoom, 8.7 is tile zoom 8): protest glyphs before that float beside the bubbles.
GLYPH_MINZOOM = CLUSTER_MAXZOOM + 1
DRAW_ORDER = ("protest", "staging", "operation")
CLUSTERED = frozenset({"protest"})
# Fewer protests than this are never clustered: each is drawn, and no bubble (whose
# count a staging or operation marker above it would cover) stands in for a handful.
# Clustering is for the thousands, where single markers would be a smear anyway.
CLUSTER_FROM = 300
MARKER_TRACE = {kind: n for n, kind in enumerate(DRAW_ORDER)}
RING_TRACE = len(DRAW_ORDER)
TOP_TRACE = RING_TRACE + 1
GLYPH_TRACE = {kind: TOP_TRACE + 1 + n for n, kind in enumerate(DRAW_ORDER)}
# Points of different kinds at one address are set apart by this many degrees of latitude
# (about 25 m per step), so they part when zoomed in; the angle comes from the id.
SPREAD_DEG = {"operation": 0.0, "staging": 0.00022, "protest": 0.00044}
RING_EXTRA = {"selected": 22, "alarm": 12, "outside": 8}
OUTSIDE_RING = "#8a8a8a"  # a grey halo: kept and shown, but in no configured jurisdiction


def display_points(df: pd.DataFrame) -> tuple[list[float], list[float]]:
    """Return where each incident is drawn: its point, moved a little by kind and id.

    The shift depends on the incident alone, so a Patch() of one point never moves another.
    """
    radius = df["kind"].map(SPREAD_DEG).fillna(0.0).to_numpy(dtype=float)
    angle = np.array([crc32(str(i).encode()) % 360 for i in df["id"]], dtype=float)
    lat = df["lat"].astype(float).to_numpy()
    dlat = radius * np.cos(np.radians(angle))
    dlon = radius * np.sin(np.radians(angle)) / np.cos(np.radians(lat))
    return (lat + dlat).round(6).tolist(), (df["lon"].astype(float).to_numpy() + dlon).round(
        6
    ).tolist()


def point_columns(df: pd.DataFrame) -> dict[str, list[Any]]:
    """Return the per-point arrays of a trace as plain lists.

    Plain lists, not numpy arrays: Plotly sends arrays as base64 typed arrays, and a
    Patch() that edits such an array by index silently does nothing in the browser.
    """
    # Names when the read model supplied them (live_view.live_incidents), ids otherwise.
    places = (df["city_name"] if "city_name" in df else df["city"]).replace("", OUTSIDE)
    told = df["notified_names"] if "notified_names" in df else df["notified"]
    notified = [", ".join(n) if len(n) else "none" for n in told]
    hover = [
        f"<b>{escape(str(title))}</b><br>{escape(str(city))} · {status}<br>"
        f"Notified: {escape(agencies)}"
        for title, city, status, agencies in zip(
            df["title"], places, df["status"], notified, strict=True
        )
    ]
    lat, lon = display_points(df)
    return {
        "lat": lat,
        "lon": lon,
        "color": [STATUS_COLOURS.get(s, "#999999") for s in df["status"]],
        "customdata": df["id"].tolist(),
        "hovertext": hover,
    }


def incident_trace(kind: str, df: pd.DataFrame) -> dict[str, Any]:
    """Build the marker trace of one kind; ids ride in customdata for click lookups."""
    cols = point_columns(df)
    cluster: dict[str, Any] = {"enabled": False}
    if kind in CLUSTERED and len(df) >= CLUSTER_FROM:
        cluster = {
            "enabled": True,
            "maxzoom": CLUSTER_MAXZOOM,
            "size": 26,
            "opacity": 0.9,
            "color": CLUSTER_COLOURS[kind],
        }
    return {
        "type": "scattermap",
        "name": KIND_LABELS[kind],
        "lat": cols["lat"],
        "lon": cols["lon"],
        "customdata": cols["customdata"],
        "hovertext": cols["hovertext"],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "mode": "markers",
        "marker": {"size": KIND_SIZES[kind], "color": cols["color"], "opacity": 0.95},
        "cluster": cluster,
        "uid": kind,
    }


def ringed(df: pd.DataFrame, selected: str | None) -> pd.DataFrame:
    """Return the incidents that get a ring: the selected one, those whose notice alarms,
    and those outside the configured region."""
    alarm = _flag(df, "notice_alarm")
    outside = _flag(df, "outside_region")
    pick = (df["id"] == selected).to_numpy() | alarm | outside
    chosen = df[pick]
    return chosen.assign(
        selected=chosen["id"] == selected, alarmed=alarm[pick], outside=outside[pick]
    )


def _flag(df: pd.DataFrame, column: str) -> np.ndarray:
    if column not in df:
        return np.zeros(len(df), dtype=bool)
    return df[column].fillna(False).astype(bool).to_numpy()


def ring_traces(df: pd.DataFrame, selected: str | None) -> list[dict[str, Any]]:
    """Build the ring trace and, above it, a copy of each ringed marker, as plain dicts.

    The selection ring is the wider and drawn first, so an alarmed selection shows both.
    Plain dicts: a tick re-sends these whole, and Plotly's validation of thousands of
    points would cost most of the tick.
    """
    rows = ringed(df, selected)
    cols = point_columns(rows)
    base = np.array([KIND_SIZES.get(k, 15) for k in rows["kind"]], dtype=int)
    reasons = (("selected", "selected"), ("alarm", "alarmed"), ("outside", "outside"))
    order = np.concatenate([np.flatnonzero(rows[col].to_numpy()) for _, col in reasons])
    why = [w for w, col in reasons for _ in range(int(rows[col].sum()))]
    colour = {"selected": SELECTION_COLOUR, "alarm": ALARM_COLOUR, "outside": OUTSIDE_RING}
    opacity = {"selected": 0.55, "alarm": 0.85, "outside": 0.5}
    pick = order.tolist()
    ring = {
        "type": "scattermap",
        "name": "Rings",
        "lat": [cols["lat"][n] for n in pick],
        "lon": [cols["lon"][n] for n in pick],
        "customdata": [cols["customdata"][n] for n in pick],
        "mode": "markers",
        "marker": {
            "size": [int(base[n]) + RING_EXTRA[w] for n, w in zip(pick, why, strict=True)],
            "color": [colour[w] for w in why],
            "opacity": [opacity[w] for w in why],
        },
        "hoverinfo": "skip",
        "showlegend": False,
        "uid": "rings",
    }
    top = {
        "type": "scattermap",
        "name": "Ringed",
        "lat": cols["lat"],
        "lon": cols["lon"],
        "customdata": cols["customdata"],
        "hovertext": cols["hovertext"],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "mode": "markers",
        "marker": {"size": base.tolist(), "color": cols["color"], "opacity": 1.0},
        "showlegend": False,
        "uid": "ringed",
    }
    return [ring, top]


def glyph_trace(kind: str, df: pd.DataFrame, shown: bool) -> dict[str, Any]:
    """Build the text overlay that names the kind of each point of a marker trace."""
    lat, lon = display_points(df)
    always = kind not in CLUSTERED
    trace = {
        "type": "scattermap",
        "name": f"{KIND_LABELS[kind]} glyphs",
        "lat": lat,
        "lon": lon,
        "mode": "text",
        # One constant template, not a text per point: nothing to patch when points move.
        "texttemplate": KIND_GLYPHS[kind] if shown or always else "",
        # No font weight: a bold face is a font MapLibre cannot find offline (blank map).
        "textfont": {"color": "#ffffff", "size": 10},
        "hoverinfo": "skip",
        "showlegend": False,
        "uid": f"{kind}-glyphs",
    }
    if not always:
        # The clientside zoom switch reads `meta`; an always-shown glyph has no switch.
        trace["meta"] = KIND_GLYPHS[kind]
    return trace


def incident_map(
    df: pd.DataFrame,
    style: dict | str,
    center: dict[str, float] | None = None,
    zoom: float = 3.2,
    uirevision: str = "ops",
    selected: str | None = None,
    layers: list[dict[str, Any]] | None = None,
) -> go.Figure:
    """Build the whole map: per kind in draw order and first-seq order, then rings, glyphs.

    `layers` are map layers under the traces (figures.outlines: the jurisdictions' limits).
    """
    ordered = df.sort_values("first_seq", kind="stable")
    if center is None and selected is not None:
        center, zoom = selected_view(df, selected) or (None, zoom)
    if center is None and len(df):
        center, zoom = fit_view(df)
    by_kind = {kind: ordered[ordered["kind"] == kind] for kind in DRAW_ORDER}
    show_glyphs = zoom >= GLYPH_MINZOOM
    # Built from plain dicts, unvalidated: Plotly's per-point validation was most of the
    # cost of a whole map (seconds at 100k points); these traces are built to its schema.
    return go.Figure(
        [incident_trace(k, by_kind[k]) for k in DRAW_ORDER]
        + ring_traces(ordered, selected)
        + [glyph_trace(k, by_kind[k], show_glyphs) for k in DRAW_ORDER],
        {
            "template": LEAN_TEMPLATE,
            "map": {
                "style": style,
                "center": center or {"lat": 38.5, "lon": -98.0},
                "zoom": zoom,
                "layers": layers or [],
            },
            "showlegend": False,
            "uirevision": uirevision,
            "meta": {"glyph_minzoom": GLYPH_MINZOOM},
        },
        _validate=False,
    )


def fit_view(df: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Return a center and zoom that show every incident in the frame (figures.map_view)."""
    return fit_incidents(df)


def selected_view(df: pd.DataFrame, selected: str) -> tuple[dict[str, float], float] | None:
    """Return the center and zoom the map flies to for a selected incident, if drawn."""
    row = df[df["id"] == selected]
    if not len(row):
        return None
    lat, lon = display_points(row)
    return {"lat": float(lat[0]), "lon": float(lon[0])}, selection_zoom(df)


def select_patch(visible: pd.DataFrame, selected: str | None, fly: bool) -> Patch:
    """Redraw the rings for a new selection and, when asked, fly the map to it."""
    patch = Patch()
    set_rings(patch, visible, selected)
    view = selected_view(visible, selected) if fly and selected is not None else None
    if view is not None:
        # A whole redraw later (incident_map) keeps this view while the incident is selected.
        patch["layout"]["map"]["center"], patch["layout"]["map"]["zoom"] = view
    return patch


def set_rings(patch: Patch, visible: pd.DataFrame, selected: str | None) -> None:
    """Replace the two small ring traces whole (cheaper and safer than index edits)."""
    ring, top = ring_traces(visible.sort_values("first_seq", kind="stable"), selected)
    patch["data"][RING_TRACE] = ring
    patch["data"][TOP_TRACE] = top


def map_patch(
    visible: pd.DataFrame,
    changed: pd.DataFrame,
    client_seq: int,
    selected: str | None = None,
    *,
    rings: bool = True,
    known: dict[str, np.ndarray] | None = None,
    ringed_firsts: np.ndarray | None = None,
) -> Patch | None:
    """Edit the client's traces in place for incidents changed after `client_seq`.

    `rings` re-sends the ring traces; leave it off when the ringed incidents and their
    points are as the client has them (then `ringed_firsts`, the sorted first_seqs of the
    ringed incidents, lets the copies above the rings be edited in place). `known`, the
    sorted first_seqs of the visible incidents per kind, spares a sort of the picture.

    The client's traces of a kind hold the visible incidents with first_seq <= client_seq,
    ordered by first_seq, so an incident's index is the count of those before it.
    Returns None when a whole figure is the better answer.
    """
    if len(changed) > PATCH_LIMIT:
        return None
    patch = Patch()
    if known is None:
        kinds, firsts = visible["kind"].to_numpy(), visible["first_seq"].to_numpy()
        known = {k: np.sort(firsts[kinds == k]) for k in DRAW_ORDER}
    changed_kinds = changed["kind"].to_numpy()
    for kind in DRAW_ORDER:
        mine = changed[changed_kinds == kind]
        if mine.empty:
            continue
        mine_known = known[kind]
        mine_known = mine_known[: int(np.searchsorted(mine_known, client_seq, side="right"))]
        existing = mine[mine["first_seq"] <= client_seq]
        added = mine[mine["first_seq"] > client_seq].sort_values("first_seq")
        markers = patch["data"][MARKER_TRACE[kind]]
        glyphs = patch["data"][GLYPH_TRACE[kind]]
        positions = np.searchsorted(mine_known, existing["first_seq"].to_numpy()).tolist()
        _edit_points(markers, glyphs, existing, positions)
        if len(added):
            _append_points(markers, glyphs, added)
    if rings:
        set_rings(patch, visible, selected)
    elif ringed_firsts is not None:
        _edit_ringed(patch["data"][TOP_TRACE], changed, client_seq, ringed_firsts)
    return patch


def _edit_ringed(top: Any, changed: pd.DataFrame, client_seq: int, firsts: np.ndarray) -> None:
    """Edit the copies of ringed markers that changed, where the client holds them."""
    firsts_changed = changed["first_seq"].to_numpy()
    where = np.searchsorted(firsts, firsts_changed)
    hit = (where < len(firsts)) & (firsts_changed <= client_seq)
    hit[hit] = firsts[where[hit]] == firsts_changed[hit]
    if not hit.any():
        return
    rows = changed[hit]
    cols = point_columns(rows)
    for n, index in enumerate(where[hit].tolist()):
        for name in ("lat", "lon", "customdata", "hovertext"):
            top[name][index] = cols[name][n]
        top["marker"]["color"][index] = cols["color"][n]


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

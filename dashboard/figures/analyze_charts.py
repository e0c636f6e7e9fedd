"""The analyst view's charts: pure builders over small frames, each with its caption.

Every builder returns (figure, caption); the caption says in one line what the chart
shows and how many incidents it rests on, so a chart read alone is not misread. Figures
are plain dicts in Plotly's JSON shape: building `go.Figure` objects validates every
value and cost most of a filter change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from dashboard.domain import KINDS, NOTICE_DUE_KINDS
from dashboard.figures.theme import ALARM_COLOUR, KIND_LABELS, LEAN_TEMPLATE, OK_COLOUR
from dashboard.wording import counted

KIND_COLOURS = {"operation": "#0072B2", "staging": "#CC79A7", "protest": "#E69F00"}
MIN_BINS = 6  # the over-time axis spans at least six hours (or days), even for one incident
RESPONSE_CAP = 1500  # responses drawn one by one; more are summed up in the caption
QUARTILES = [0.0, 0.25, 0.5, 0.75, 1.0]  # min, quartiles and max of a box
MARGIN = {"l": 10, "r": 16, "t": 26, "b": 36}
MODEBAR_ROW = 28  # px the hover mode bar takes at the top of a chart
LEGEND_ROW = 30  # px a one-line horizontal legend takes, its padding included


def _incidents(n: int) -> str:
    return counted(n, "incident")


Figure = dict[str, Any]
TEMPLATE = LEAN_TEMPLATE.to_plotly_json()


def _figure(traces: list[dict[str, Any]], **layout: Any) -> Figure:
    layout.setdefault("showlegend", False)
    for axis in ("xaxis", "yaxis"):
        title = layout.get(axis, {}).get("title")
        if isinstance(title, str):
            layout[axis]["title"] = {"text": title}
    return {"data": traces, "layout": {"template": TEMPLATE, "margin": MARGIN, **layout}}


def _empty(message: str) -> Figure:
    return _figure(
        [],
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": message, "showarrow": False, "font": {"size": 14}}],
    )


def lead_time_chart(tracks: pd.DataFrame, names: Mapping[str, str]) -> tuple[Figure, str]:
    """Show each agency's lead times (minutes before the start; below 0 is after it).

    Over notified tracks of operations and staging sites (`tracks` carries `kind`).
    """
    # Narrow the columns before the rows: a row filter copies every column it carries.
    told = tracks[["kind", "lead_time_s", "agency_id", "incident_id"]]
    told = told[told["kind"].isin(("operation", "staging")).to_numpy()]
    told = told[told["lead_time_s"].notna().to_numpy()]
    if told.empty:
        return _empty("No notification of an operation or staging site here."), (
            "Lead time by agency: no notified operation or staging site in this view."
        )
    minutes = told["lead_time_s"].astype(float) / 60.0
    agencies = told["agency_id"].map(dict(names)).astype(object).fillna(told["agency_id"])
    # Quartiles and extremes per agency, not every value: a box of 30,000 notifications
    # draws the same and costs 5 numbers on the wire.
    stats = quartiles(minutes.to_numpy(), agencies.to_numpy())
    stats = stats.sort_values("50%").round(1)
    figure = _figure(
        [
            {
                "type": "box",
                "name": name,
                "y": [name],
                "q1": [row["25%"]],
                "median": [row["50%"]],
                "q3": [row["75%"]],
                "lowerfence": [row["min"]],
                "upperfence": [row["max"]],
                "orientation": "h",
                "marker": {"color": "#0072B2"},
                "line": {"color": "#0072B2"},
                "hovertemplate": f"{name}<br>median %{{median}} min<extra></extra>",
            }
            for name, row in stats.iterrows()
        ],
        xaxis={"title": "min before start (<0: after)", "zeroline": True},
        yaxis={"automargin": True, "type": "category"},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": 0, "x1": 0, "y0": 0,
                 "y1": 1, "line": {"color": ALARM_COLOUR, "dash": "dot"}}],
    )  # fmt: skip
    caption = (
        f"Lead time of each agency's notification, minutes before the start, over "
        f"{counted(len(told), 'notification')} on {_incidents(told['incident_id'].nunique())}."
    )
    return figure, caption


def quartiles(values: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """Return min, quartiles and max of `values` per group (sorted by group), as describe().

    One numpy quantile per group (a handful of agencies): a groupby quantile or describe
    over tens of thousands of values costs tens of ms.
    """
    codes, names = pd.factorize(groups, sort=True)
    found = [np.quantile(values[codes == k], QUARTILES) for k in range(len(names))]
    return pd.DataFrame(found, index=names, columns=["min", "25%", "50%", "75%", "max"])


def told_by_city(incidents: pd.DataFrame) -> pd.DataFrame:
    """Count, per city, operations and staging sites owed notice and those told in advance.

    From each incident's notice state (told in advance when any local agency was), the
    rule the alarm and the operations view's figures use.
    """
    owed = incidents["kind"].isin(NOTICE_DUE_KINDS).to_numpy()
    codes, cities = pd.factorize(incidents["city"].array[owed], sort=True)
    advance = incidents["notice"].to_numpy()[owed] == "advance"
    # Counts over codes: a groupby `agg` costs several ms of overhead per change.
    due = np.bincount(codes, minlength=len(cities))
    told = np.bincount(codes, weights=advance, minlength=len(cities)).astype(int)
    found = pd.DataFrame({"id": cities, "due": due, "advance": told})
    return found.assign(advance_share=found["advance"] / found["due"])


def told_share_chart(by_city: pd.DataFrame, names: Mapping[str, str]) -> tuple[Figure, str]:
    """Show, per city, the share of its operations and staging sites told in advance.

    `by_city` is `rules.stats.city_figures` (id, due, advance, advance_share).
    """
    owed = by_city[by_city["due"] > 0].sort_values("advance_share")
    if owed.empty:
        return _empty("No operation or staging site here."), (
            "Told in advance, by city: no operation or staging site in this view."
        )
    share = (owed["advance"] / owed["due"] * 100).round(1)
    figure = _figure(
        [
            {
                "type": "bar",
                "x": share.tolist(),
                "y": [names.get(c, c) for c in owed["id"]],
                "orientation": "h",
                "text": [f"{a} of {d}" for a, d in zip(owed["advance"], owed["due"], strict=True)],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": [OK_COLOUR if s >= 50 else ALARM_COLOUR for s in share]},
            }
        ],
        xaxis={"title": "% told in advance", "range": [0, 118]},
        yaxis={"automargin": True},
    )
    caption = (
        f"Share of operations and staging sites a local agency was told of in advance, by "
        f"city, over {_incidents(int(owed['due'].sum()))}."
    )
    return figure, caption


def response_chart(tracks: pd.DataFrame, names: Mapping[str, str]) -> tuple[Figure, str]:
    """Show each response (request to on scene) per agency; a disputed one as a range."""
    measured = tracks[["response_lo_s", "response_hi_s", "agency_id", "incident_id"]]
    measured = measured.dropna(subset=["response_lo_s", "response_hi_s"])
    if measured.empty:
        return _empty("No measured response here."), (
            "Response time by agency: no agency was both asked and on scene in this view."
        )
    shown = measured.tail(RESPONSE_CAP)
    low = (shown[["response_lo_s", "response_hi_s"]].min(axis=1) / 60).round(1)
    high = (shown[["response_lo_s", "response_hi_s"]].max(axis=1) / 60).round(1)
    agency = shown["agency_id"].map(dict(names)).astype(object).fillna(shown["agency_id"])
    ranged = (high - low) > 0
    xs: list[float | None] = []
    ys: list[str | None] = []
    for lo, hi, name in zip(low[ranged], high[ranged], agency[ranged], strict=True):
        xs += [lo, hi, None]
        ys += [name, name, None]
    traces = [
        {
            "type": "scatter",
            "x": low[~ranged].tolist(),
            "y": agency[~ranged].tolist(),
            "mode": "markers",
            "marker": {"color": "#0072B2", "size": 9},
            "name": "agreed",
            "hovertemplate": "%{y}: %{x} min<extra></extra>",
        },
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines+markers",
            "line": {"color": ALARM_COLOUR, "width": 3},
            "marker": {"color": ALARM_COLOUR, "size": 9, "symbol": "line-ns-open"},
            "name": "disputed",
            "hovertemplate": "%{y}: %{x} min (disputed)<extra></extra>",
        },
    ]
    figure = _figure(
        traces,
        xaxis={"title": "min, request to on scene", "rangemode": "tozero"},
        yaxis={"automargin": True, "type": "category"},
    )
    drawn = "" if len(shown) == len(measured) else f" (the latest {len(shown):,} drawn)"
    caption = (
        f"Response time by agency, request to on scene: a dot where sources agree, a line "
        f"from closest to furthest reading where they dispute it; "
        f"{counted(len(measured), 'response')} ({int(ranged.sum()):,} disputed) on "
        f"{_incidents(measured['incident_id'].nunique())}{drawn}."
    )
    return figure, caption


def over_time_chart(
    incidents: pd.DataFrame,
    hours: float | None,
    zone: str = "UTC",
    window: tuple[datetime, datetime] | None = None,
) -> tuple[Figure, str]:
    """Show incidents reported per hour (per day beyond two days), stacked by kind, in `zone`.

    With the filter's `window` the axis spans it (the last 7 days end today, not on
    days to come); without, the bins that hold incidents.
    """
    if incidents.empty:
        return _empty("No incident here."), "Incidents over time: no incident in this view."
    when = pd.to_datetime(incidents["reported_at"], utc=True)
    span_h = hours if hours is not None else (when.max() - when.min()).total_seconds() / 3600
    step, unit = ("D", "day") if span_h > 48 else ("h", "hour")
    # Bin on the wall clock of the zone the filters read times in (naive local times).
    at = when.dt.tz_convert(zone).dt.tz_localize(None).dt.floor(step)
    buckets = pd.DataFrame({"at": at.to_numpy(), "kind": incidents["kind"].to_numpy()})
    counts = buckets.groupby(["at", "kind"]).size().unstack(fill_value=0)
    width = pd.Timedelta(1, step)
    traces = [
        {
            "type": "bar",
            "x": [t.isoformat() for t in counts.index],
            "y": counts[kind].tolist(),
            "name": KIND_LABELS[kind],
            "marker": {"color": KIND_COLOURS[kind]},
            # A bar covers its bin: plotly would otherwise size one lone bar to nothing.
            "width": width.total_seconds() * 1000 * 0.9,
            "offset": 0,
        }
        for kind in KINDS
        if kind in counts
    ]
    spanned = counts.index if window is None else window_bins(window, zone, step, width)
    first, last = time_range(spanned, width)
    figure = _figure(
        traces,
        barmode="stack",
        showlegend=True,
        # The legend sits on the plot's top edge, under the mode bar's row (it shows on
        # hover at the top right), so the chart's top margin leaves room for both.
        margin={**MARGIN, "t": MODEBAR_ROW + LEGEND_ROW},
        legend={"orientation": "h", "y": 1, "x": 0, "yanchor": "bottom"},
        # The chart's margins are narrow: without automargin the y labels lose their
        # leading digits ("10" reads "0") and the x title sits on two-line date ticks.
        xaxis={
            "type": "date",
            "title": f"reported, per {unit} ({zone})",
            "automargin": True,
            "range": [first.isoformat(), last.isoformat()],
        },
        yaxis={"automargin": True, "rangemode": "tozero"},
    )
    caption = f"Incidents reported per {unit}, by kind: {_incidents(len(incidents))}."
    return figure, caption


def window_bins(
    window: tuple[datetime, datetime], zone: str, step: str, width: pd.Timedelta
) -> pd.Index:
    """Return the first and last bins of a time window, on the wall clock of `zone`."""
    start, end = (pd.Timestamp(t).tz_convert(zone).tz_localize(None) for t in window)
    return pd.Index([start.floor(step), end.ceil(step) - width])


def time_range(bins: pd.Index, width: pd.Timedelta) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the axis range over the bins, widened to at least MIN_BINS bins around them."""
    first, last = bins.min(), bins.max() + width
    short = MIN_BINS * width - (last - first)
    if short > pd.Timedelta(0):
        first, last = first - (short / 2).ceil(width), last + (short / 2).ceil(width)
    return first, last

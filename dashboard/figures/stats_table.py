"""Per-city and per-agency figures as a compact table for the operations view."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from dash import html

from dashboard.domain import describe_range, format_duration
from dashboard.figures.markup import with_data

# Notice is owed for operations and staging sites: those are what "told in advance" counts.
HEADERS = ("", "Ops + staging", "Told in advance", "Median lead", "Median response")


def stats_table(
    cities: pd.DataFrame,
    agencies: pd.DataFrame,
    city_names: dict[str, str],
    agency_names: dict[str, str],
    agency_city: dict[str, str],
) -> html.Table:
    """One row per city, followed by the rows of its agencies."""
    rows = [html.Tr([html.Th(h) for h in HEADERS])]
    by_city = agencies.assign(city=agencies["id"].map(agency_city).astype(object).fillna(""))
    for city in cities.sort_values("id").to_dict("records"):
        rows.append(_row(city, city_names.get(city["id"], city["id"]), "stats-city"))
        for agency in by_city[by_city["city"] == city["id"]].to_dict("records"):
            rows.append(_row(agency, agency_names.get(agency["id"], agency["id"]), "stats-agency"))
    others = by_city[~by_city["city"].isin(set(cities["id"]))]
    for agency in others.to_dict("records"):
        rows.append(_row(agency, agency_names.get(agency["id"], agency["id"]), "stats-agency"))
    return html.Table(rows, className="stats")


def _row(figures: dict, name: str, kind: str) -> html.Tr:
    share = figures["advance_share"]
    told = "" if pd.isna(share) else f"{figures['advance']}/{figures['due']} ({share:.0%})"
    lead = figures["median_lead_s"]
    lead_text = ""
    if pd.notna(lead):
        sign = "ahead" if lead >= 0 else "after start"
        lead_text = f"{format_duration(timedelta(seconds=float(lead)))} {sign}"
    lo, hi = figures["median_response_lo_s"], figures["median_response_hi_s"]
    response = ""
    if pd.notna(lo):
        low, high = timedelta(seconds=float(lo)), timedelta(seconds=float(hi))
        response = f"{describe_range(low, high)} (n={figures['responses']})"
    row = html.Tr(
        [
            html.Td(name, className="stats-name"),
            html.Td(str(figures["due"])),
            html.Td(told),
            html.Td(lead_text),
            html.Td(response),
        ],
        className=kind,
    )
    return with_data(row, id=str(figures["id"]))

"""Operator forms of the operations view: report an incident, change an incident's status."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.actions import STATUS_CHOICES
from dashboard.domain import KINDS
from dashboard.figures.theme import KIND_LABELS
from dashboard.security import Permission, may


def report_form(cities: pd.DataFrame) -> html.Div:
    """Return the report form; shown only to those who may record (the gate checks anyway)."""
    return html.Div(_report(cities), className="operator-forms", hidden=not may(Permission.RECORD))


def status_form() -> html.Div:
    """Return the status form, placed after the selected incident's title and notice line."""
    return html.Div(_status(), className="operator-forms", hidden=not may(Permission.RECORD))


def _report(cities: pd.DataFrame) -> html.Details:
    city_options = [{"label": r.name, "value": r.id} for r in cities.itertuples()]
    return html.Details(
        [
            html.Summary("Report an incident", className="report-summary"),
            dcc.Store(id=ids.OPS_REPORT_KEY),
            dcc.Store(id=ids.OPS_REPORT_RESULT),
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.OPS_REPORT_KIND,
                        options=[{"label": KIND_LABELS.get(k, k), "value": k} for k in KINDS],
                        value="operation",
                        clearable=False,
                        className="report-kind",
                    ),
                    _input(ids.OPS_REPORT_TITLE, "Title (what is happening)", "report-title"),
                ],
                className="action-row",
            ),
            html.Div(
                [_input(ids.OPS_REPORT_ADDRESS, "Address or place", "report-address")],
                className="action-row",
            ),
            html.Div(
                [
                    # Debounced: the nearest city is asked for once per typed value.
                    _input(ids.OPS_REPORT_LAT, "Latitude", "report-coord", debounce=True),
                    _input(ids.OPS_REPORT_LON, "Longitude", "report-coord", debounce=True),
                    dcc.Dropdown(
                        id=ids.OPS_REPORT_CITY,
                        options=city_options,
                        placeholder="City",
                        className="report-city",
                    ),
                ],
                className="action-row",
            ),
            html.Div(
                [
                    _input(ids.OPS_REPORT_TIME, "Start, city time (blank: now)", "action-time"),
                    html.Button("Report", id=ids.OPS_REPORT_SUBMIT, className="action-submit"),
                ],
                className="action-row",
            ),
            html.Div(id=ids.OPS_REPORT_STATUS, className="action-status", role="status"),
            html.Div(
                "Click the map to pick the point; the nearest city is chosen for you.",
                className="action-hint",
            ),
        ],
        id=ids.OPS_REPORT,
        className="actions report-form",
    )


def _status() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.OPS_STATUS_KEY),
            dcc.Store(id=ids.OPS_STATUS_FOR),
            dcc.Store(id=ids.OPS_STATUS_RESULT),
            html.H4("Change the status"),
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.OPS_STATUS_VALUE,
                        options=[{"label": s, "value": s} for s in STATUS_CHOICES],
                        placeholder="New status",
                        className="status-value",
                    ),
                    _input(ids.OPS_STATUS_NOTE, "Note (why)", "action-note"),
                    html.Button("Change", id=ids.OPS_STATUS_SUBMIT, className="action-submit"),
                ],
                className="action-row",
            ),
            html.Div(id=ids.OPS_STATUS_MESSAGE, className="action-status", role="status"),
        ],
        id=ids.OPS_STATUS_FORM,
        className="actions",
        hidden=True,
    )


def _input(
    component_id: str, placeholder: str, class_name: str, debounce: bool = False
) -> dcc.Input:
    return dcc.Input(
        id=component_id,
        type="text",
        placeholder=placeholder,
        debounce=debounce,
        maxLength=2000,
        className=class_name,
    )

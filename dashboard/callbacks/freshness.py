"""Clientside freshness: 'as of', the newest event's age, and offline detection."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard import ids


def register(app: Dash) -> None:
    """Wire the clientside freshness callbacks (code in assets/freshness.js)."""
    app.clientside_callback(
        ClientsideFunction("headsup", "received"),
        Output(ids.LAST_OK, "data"),
        Input(ids.FRESHNESS_INFO, "data"),
        State(ids.LAST_OK, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("headsup", "freshness"),
        Output(ids.FRESHNESS_TEXT, "children"),
        Output(ids.FRESHNESS, "data-state"),
        Output(ids.FRESHNESS_TEXT, "title"),
        Input(ids.CLOCK, "n_intervals"),
        Input(ids.LAST_OK, "data"),
    )

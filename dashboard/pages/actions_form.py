"""The operator's action form in the detail panel: record a step or a note."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.actions import ACTIONS, CHANNELS


def actions_form() -> html.Div:
    """Return the form, hidden until an operator selects an incident."""
    return html.Div(
        [
            dcc.Store(id=ids.OPS_ACTION_KEY),
            dcc.Store(id=ids.OPS_ACTION_RESULT),
            html.H4("Record an action"),
            html.Div(
                [
                    dcc.Dropdown(
                        id=ids.OPS_ACTION_TYPE,
                        options=[{"label": label, "value": v} for v, label in ACTIONS.items()],
                        value="notification.sent",
                        clearable=False,
                        className="action-type",
                    ),
                    dcc.Dropdown(
                        id=ids.OPS_ACTION_AGENCY,
                        options=[],
                        placeholder="Agency",
                        className="action-agency",
                    ),
                    dcc.Dropdown(
                        id=ids.OPS_ACTION_CHANNEL,
                        options=[{"label": c, "value": c} for c in CHANNELS],
                        placeholder="Channel",
                        className="action-channel",
                    ),
                ],
                className="action-row",
            ),
            html.Div(
                [
                    dcc.Input(
                        id=ids.OPS_ACTION_TIME,
                        type="text",
                        placeholder="Time (blank: now)",
                        debounce=False,
                        className="action-time",
                    ),
                    dcc.Input(
                        id=ids.OPS_ACTION_NOTE,
                        type="text",
                        placeholder="Note (needed for a note)",
                        maxLength=2000,
                        className="action-note",
                    ),
                    html.Button("Record", id=ids.OPS_ACTION_SUBMIT, className="action-submit"),
                ],
                className="action-row",
            ),
            html.Div(id=ids.OPS_ACTION_STATUS, className="action-status", role="status"),
            html.Div(
                "A wrong entry is corrected by recording the step again; both stay in the "
                "timeline.",
                className="action-hint",
            ),
        ],
        id=ids.OPS_ACTIONS,
        className="actions",
        hidden=True,
    )

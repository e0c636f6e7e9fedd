"""The admin's retract form under the timeline: which event, why, and a confirm dialog."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids

REASON_MAX = 500


def retract_form() -> html.Div:
    """Return the form, hidden until an admin presses Retract on a timeline event."""
    return html.Div(
        [
            dcc.Store(id=ids.OPS_RETRACT_TARGET),
            dcc.Store(id=ids.OPS_RETRACT_CSRF),
            html.H4("Retract an event"),
            html.Div(id=ids.OPS_RETRACT_WHAT, className="retract-what"),
            dcc.Input(
                id=ids.OPS_RETRACT_REASON,
                type="text",
                placeholder="Reason (shown in the timeline)",
                maxLength=REASON_MAX,
                className="action-note",
            ),
            dcc.ConfirmDialogProvider(
                html.Button("Retract", className="action-submit"),
                id=ids.OPS_RETRACT_CONFIRM,
                message=(
                    "Retract this event? It stays in the log, struck through, and the "
                    "picture is recomputed without it. A retraction can itself be retracted."
                ),
            ),
            html.Div(id=ids.OPS_RETRACT_STATUS, className="action-status", role="status"),
        ],
        id=ids.OPS_RETRACT_FORM,
        className="actions",
        hidden=True,
    )

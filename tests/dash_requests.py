"""Build the JSON bodies dash-renderer posts to /_dash-update-component."""

from __future__ import annotations

from typing import Any

from dash import Output

from dashboard import ids
from dashboard.callbacks.operations import TICK_OUTPUTS


def callback_body(outputs: list[Output], inputs: list[tuple[str, str, Any]],
                  state: list[tuple[str, str, Any]] = (), changed: str | None = None
                  ) -> dict[str, Any]:  # fmt: skip
    """Return a callback request as the browser sends it."""
    outs = [{"id": o.component_id, "property": o.component_property} for o in outputs]
    output = (
        f"{outs[0]['id']}.{outs[0]['property']}"
        if len(outs) == 1
        else ".." + "...".join(f"{o['id']}.{o['property']}" for o in outs) + ".."
    )
    first = f"{inputs[0][0]}.{inputs[0][1]}"
    return {
        "output": output,
        "outputs": outs[0] if len(outs) == 1 else outs,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [changed or first],
    }


def tick_body(
    seq: Any,
    n: int = 1,
    cities: list[str] | None = None,
    view: dict[str, Any] | None = None,
    lasso: dict[str, Any] | None = None,
    kinds: list[str] | None = None,
    changed: str | None = None,
) -> dict[str, Any]:
    """Return the body of one live tick of the operations view (all filters, the lasso)."""
    return callback_body(
        TICK_OUTPUTS,
        [
            (ids.OPS_TICK, "n_intervals", n),
            (ids.OPS_RESET, "n_clicks", 0),
            (ids.OPS_MAP, "selectedData", lasso),
            (ids.OPS_KIND, "value", kinds),
            (ids.OPS_STATUS, "value", None),
            (ids.OPS_CITY, "value", cities),
            (ids.OPS_AGENCY, "value", None),
            (ids.OPS_NOTICE, "value", None),
            (ids.OPS_WINDOW, "value", 0),
        ],
        [
            (ids.OPS_SEQ, "data", seq),
            (ids.OPS_SELECTED, "data", None),
            (ids.OPS_VIEW, "data", view),
        ],
        changed,
    )

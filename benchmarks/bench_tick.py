"""Live tick cost at 1k, 10k and 100k incidents, beside the floor and a lean naive rebuild.

Per size: the PreventUpdate floor (a bare Dash callback that raises PreventUpdate, in
this process, through its own Flask test client), an unchanged tick, a tick after 10
changed incidents, and a lean naive rebuild (the same SQL re-queried into numpy arrays
and a typed-array map written plainly here, not the app's builder). Each is the median
of three rounds; the spread is the largest minus the smallest round median.
"""

from __future__ import annotations

import base64
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy import event

from benchmarks.report import save
from benchmarks.scale import repeats, rounds, sizes, summary
from dashboard import ids
from dashboard.config import Config
from dashboard.demo.feed import seed_reference_data
from dashboard.demo.scenario import JURISDICTIONS
from dashboard.factory import create_app
from dashboard.ingest.models import Event
from dashboard.runtime import runtime
from dashboard.store import Store
from tests.auth import client_as
from tests.dash_requests import callback_body, tick_body

CHANGED = 10
T0 = datetime(2026, 6, 6, 17, 0, tzinfo=UTC)


def fill(store: Store, count: int) -> None:
    """Write `count` incidents, a third of them with a notification, in 1,000-event batches."""
    batch: list[Event] = []
    for n in range(count):
        city = JURISDICTIONS[n % len(JURISDICTIONS)]
        batch.append(
            Event.model_validate(
                {
                    "source": "bench",
                    "event_id": f"r{n}",
                    "type": "incident.reported",
                    "occurred_at": T0 + timedelta(seconds=n),
                    "incident_id": f"b{n}",
                    "incident": {
                        "kind": ("operation", "staging", "protest")[n % 3],
                        "title": f"B {n}",
                        "lat": city["lat"] + (n % 97) / 500,
                        "lon": city["lon"] + (n % 89) / 500,
                        "city": city["id"],
                        "started_at": T0,
                    },
                }
            )
        )
        if n % 3 == 0:
            batch.append(
                Event.model_validate(
                    {
                        "source": "bench",
                        "event_id": f"n{n}",
                        "type": "notification.sent",
                        "occurred_at": T0,
                        "incident_id": f"b{n}",
                        "agency": "lapd",
                    }
                )
            )
        if len(batch) >= 1000:
            store.append(batch)
            batch = []
    store.append(batch)


def floor_client() -> Any:
    """Return a test client of a bare Dash app whose one callback raises PreventUpdate."""
    bare = Dash(__name__)
    bare.layout = html.Div([dcc.Interval(id="tick"), dcc.Store(id="out")])

    @bare.callback(Output("out", "data"), Input("tick", "n_intervals"))
    def nothing(_n: Any) -> Any:
        raise PreventUpdate

    client = bare.server.test_client()
    client.get("/")  # the first request builds Dash's callback map
    body = callback_body([Output("out", "data")], [("tick", "n_intervals", 1)])

    def post() -> None:
        assert client.post("/_dash-update-component", json=body).status_code == 204

    return post


def typed(values: np.ndarray, dtype: str) -> dict[str, str]:
    """Return a numpy array as Plotly's typed-array JSON."""
    return {"dtype": dtype, "bdata": base64.b64encode(values.tobytes()).decode()}


def lean_naive(engine: Any) -> int:
    """Re-query every incident into numpy arrays and build a typed-array map; return bytes."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, kind, status, lat, lon FROM incidents ORDER BY first_seq"
        ).fetchall()
    ident, kind, status, lat, lon = (np.array(c) for c in zip(*rows, strict=True))
    codes = {s: n for n, s in enumerate(sorted(set(status.tolist())))}
    traces = []
    for name in ("protest", "staging", "operation"):
        mine = kind == name
        traces.append(
            {
                "type": "scattermap",
                "lat": typed(lat[mine].astype(np.float32), "f4"),
                "lon": typed(lon[mine].astype(np.float32), "f4"),
                "customdata": ident[mine].tolist(),
                "marker": {
                    "color": typed(np.vectorize(codes.get)(status[mine]).astype(np.uint8), "u1")
                },
            }
        )
    return len(json.dumps({"data": traces}))


def measure(size: int) -> list[dict[str, Any]]:
    """Measure one picture size and return its rows."""
    folder = Path(tempfile.mkdtemp(prefix="headsup-bench-"))
    url = f"sqlite:///{folder / 'tick.db'}"
    store = Store.open(url)
    seed_reference_data(store)
    fill(store, size)
    app = create_app(
        Config(database_url=url, demo=False, testing=True, instance_dir=str(folder / "instance"))
    )
    rt = runtime(app.server)
    # A signed-in viewer, as in production; the session check is part of the tick's cost.
    client = client_as(app, "viewer")
    statements: list[str] = []
    event.listen(rt.store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    held: dict[str, Any] = {"view": None}

    def post_tick(seq: int) -> Any:
        """Tick as a browser does: send the view state it holds, keep the one it is sent."""
        response = client.post("/_dash-update-component", json=tick_body(seq, 1, view=held["view"]))
        assert response.status_code in (200, 204), response.status_code
        if response.status_code == 200:
            sent = response.get_json()["response"].get(ids.OPS_VIEW)
            held["view"] = sent["data"] if sent else held["view"]
        return response

    count = repeats(size)
    floor = summary(rounds(floor_client(), count * 3))
    latest = rt.store.latest_seq()
    post_tick(latest)
    statements.clear()
    unchanged = summary(rounds(lambda: post_tick(latest), count * 3))
    unchanged_sql = len(statements) / (count * 9)
    unchanged_bytes = len(post_tick(latest).data)

    counter = iter(range(10**9))
    seqs: dict[str, int] = {}

    def change_ten() -> None:
        seqs["client"] = rt.store.latest_seq()
        k = next(counter)
        rt.store.append(
            [
                Event.model_validate(
                    {
                        "source": "bench",
                        "event_id": f"u{k}-{i}",
                        "type": "incident.updated",
                        "occurred_at": datetime.now(UTC),
                        "incident_id": f"b{(k * CHANGED + i) * 7 % size}",
                        "incident": {"crowd_size": k + i},
                    }
                )
                for i in range(CHANGED)
            ]
        )

    changed = summary(rounds(lambda: post_tick(seqs["client"]), count, before=change_ten))
    change_ten()
    changed_bytes = len(post_tick(seqs["client"]).data)
    naive = summary(rounds(lambda: lean_naive(rt.store.engine), max(3, count // 2)))
    naive_bytes = lean_naive(rt.store.engine)
    rt.stop()
    label = f"{size:,}"
    return [
        {
            "case": f"{label}: unchanged tick vs PreventUpdate floor",
            "unit": "ms",
            **unchanged,
            "baseline": floor["value"],
            "baseline_spread": floor["spread"],
            "ratio": unchanged["value"] / floor["value"],
            "ratio_means": "times the floor (lower is better)",
        },
        {
            "case": f"{label}: tick with {CHANGED} changed vs lean naive rebuild",
            "unit": "ms",
            **changed,
            "baseline": naive["value"],
            "baseline_spread": naive["spread"],
            "ratio": naive["value"] / changed["value"],
        },
        {
            "case": f"{label}: unchanged tick response",
            "value": unchanged_bytes,
            "unit": "bytes",
        },
        {
            "case": f"{label}: {CHANGED}-change tick response vs lean naive",
            "value": changed_bytes,
            "unit": "bytes",
            "baseline": naive_bytes,
            "ratio": naive_bytes / max(changed_bytes, 1),
        },
        {
            "case": f"{label}: SQL statements per unchanged tick",
            "value": unchanged_sql,
            "unit": "stmts",
        },
    ]


def main() -> None:
    """Measure every size and save the tick figures."""
    rows = [row for size in sizes() for row in measure(size)]
    save("tick", "Live tick (median of 3 rounds)", rows)


if __name__ == "__main__":
    main()

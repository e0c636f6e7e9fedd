"""Map figure cost at 1k, 10k and 100k incidents: build, serialise, bytes per point.

The app's builder (`incident_map`, what a whole refresh sends) beside two plain figures
written here: one scattermap trace of plain lists (lat, lon, an id per point), and the
same points as typed arrays (float32 lat/lon, a one-byte status code; Plotly's
`{"dtype", "bdata"}` form). Each time is the median of three rounds, with the spread.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

import numpy as np
import pandas as pd
import plotly

from benchmarks.report import save
from benchmarks.scale import repeats, rounds, sizes, summary
from dashboard.figures.incident_map import incident_map

STYLE = "white-bg"
STATUSES = ("reported", "active", "staging", "closed")


def picture(size: int) -> pd.DataFrame:
    """Return a decorated live frame of `size` incidents, as the operations view draws it."""
    n = np.arange(size)
    return pd.DataFrame(
        {
            "id": [f"b{i}" for i in n],
            "kind": np.array(["operation", "staging", "protest"])[n % 3],
            "status": np.array(STATUSES)[n % 4],
            "title": [f"Incident {i}" for i in n],
            "city": "los-angeles",
            "city_name": "Los Angeles",
            "lat": 34.0 + (n % 997) / 500,
            "lon": -118.3 + (n % 991) / 500,
            "first_seq": n + 1,
            "notified": [["lapd"] if i % 3 == 0 else [] for i in n],
            "notified_names": [["LAPD"] if i % 3 == 0 else [] for i in n],
            "notice_alarm": n % 50 == 0,
        }
    )


def encode(figure: Any) -> str:
    """Serialise a figure as Dash does for a callback answer."""
    return json.dumps(figure, cls=plotly.utils.PlotlyJSONEncoder)


def plain_lists(frame: pd.DataFrame) -> dict[str, Any]:
    """Return one scattermap trace of plain lists: the simplest figure of these points."""
    trace = {
        "type": "scattermap",
        "lat": frame["lat"].tolist(),
        "lon": frame["lon"].tolist(),
        "customdata": frame["id"].tolist(),
        "mode": "markers",
    }
    return {"data": [trace], "layout": {"map": {"style": STYLE}}}


def typed_arrays(frame: pd.DataFrame) -> dict[str, Any]:
    """Return the points as typed arrays: float32 lat/lon and a one-byte status code."""

    def typed(values: np.ndarray, dtype: str) -> dict[str, str]:
        return {"dtype": dtype, "bdata": base64.b64encode(values.tobytes()).decode()}

    codes = pd.Categorical(frame["status"], categories=STATUSES).codes.astype(np.uint8)
    trace = {
        "type": "scattermap",
        "lat": typed(frame["lat"].to_numpy(np.float32), "f4"),
        "lon": typed(frame["lon"].to_numpy(np.float32), "f4"),
        "marker": {"color": typed(codes, "u1"), "cmin": 0, "cmax": len(STATUSES) - 1},
        "mode": "markers",
    }
    return {"data": [trace], "layout": {"map": {"style": STYLE}}}


def measure(size: int) -> list[dict[str, Any]]:
    """Measure the three figures at one size."""
    frame = picture(size)
    count = max(3, repeats(size, 6) // 2)
    label = f"{size:,}"
    rows = []
    builders = {
        "app builder": lambda: incident_map(frame, STYLE),
        "plain lists": lambda: plain_lists(frame),
        "typed arrays": lambda: typed_arrays(frame),
    }
    for name, build in builders.items():
        built = build()
        body = encode(built)
        build_ms = summary(rounds(build, count))
        encode_ms = summary(rounds(lambda built=built: encode(built), count))
        rows += [
            {"case": f"{label}: {name}, build", "unit": "ms", **build_ms},
            {"case": f"{label}: {name}, serialise", "unit": "ms", **encode_ms},
            {"case": f"{label}: {name}, bytes per point", "unit": "B",
             "value": len(body) / size},
            {"case": f"{label}: {name}, gzip bytes per point", "unit": "B",
             "value": len(gzip.compress(body.encode(), 6)) / size},
        ]  # fmt: skip
    return rows


def main() -> None:
    """Measure every size and save the map figures."""
    save("map", "Map figure (median of 3 rounds)", [r for s in sizes() for r in measure(s)])


if __name__ == "__main__":
    main()

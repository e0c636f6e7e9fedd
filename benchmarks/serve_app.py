"""Serve the app from the environment (as app.py does) plus a bare one-`scattermap` page.

The bare page is the first-paint baseline: plotly.js alone drawing the same points, in
one `scattermap` trace on the same offline style, from the same server and origin.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly
from flask import Response, request

from dashboard.factory import build_or_exit
from dashboard.figures.basemap import offline_style
from dashboard.runtime import runtime
from dashboard.store import queries

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
BARE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>bare</title>
<script src="/bench/plotly.js"></script></head>
<body style="margin:0"><div id="bare" style="width:100vw;height:100vh"></div>
<script src="/bench/bare.js"></script></body></html>"""

app = build_or_exit()
server = app.server


@server.route("/bench/bare")
def bare_page() -> Response:
    """The bare page: plotly.js and one scattermap, nothing else."""
    return Response(BARE_PAGE, mimetype="text/html")


@server.route("/bench/plotly.js")
def plotly_js() -> Response:
    """plotly.js as the package ships it."""
    return Response(PLOTLY_JS.read_bytes(), mimetype="application/javascript")


@server.route("/bench/bare.js")
def bare_script() -> Response:
    """The figure of every incident's point, drawn with Plotly.newPlot."""
    with runtime(server).store.engine.connect() as conn:
        incidents = queries.incidents_frame(conn)
    figure = {
        "data": [
            {
                "type": "scattermap",
                "lat": incidents["lat"].tolist(),
                "lon": incidents["lon"].tolist(),
                "mode": "markers",
                "marker": {"size": 7, "color": "#c0392b"},
            }
        ],
        "layout": {
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "map": {
                "style": offline_style(request.url_root),
                "center": {"lat": 39, "lon": -98},
                "zoom": 3.5,
            },
        },
    }
    script = f"Plotly.newPlot('bare', {json.dumps(figure)});"
    return Response(script, mimetype="application/javascript")


if __name__ == "__main__":
    config = runtime(server).config
    app.run(host=config.host, port=config.port, debug=False)

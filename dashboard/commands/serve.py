"""`headsup run`: serve the dashboard with the built-in server."""

from __future__ import annotations

import argparse
from typing import Any


def run(args: argparse.Namespace) -> int:
    """Serve the dashboard."""
    from dashboard.config import Config
    from dashboard.factory import build_or_exit
    from dashboard.runtime import runtime

    # --host goes into the config too: the API opens reads only on a loopback HOST.
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v}
    app = build_or_exit(Config.from_env(**overrides))
    config = runtime(app.server).config
    app.run(host=config.host, port=config.port, debug=config.debug)
    return 0


def add_parser(subs: Any) -> None:
    """Add `run`."""
    serve = subs.add_parser("run", help="serve the dashboard (settings from the environment)")
    serve.add_argument("--host", help="override HOST")
    serve.add_argument("--port", type=int, help="override PORT")
    serve.set_defaults(handler=run)

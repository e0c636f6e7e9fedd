"""The composition root: `create_app(config)` wires store, picture, security, pages and API."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from dash import Dash
from flask_caching import Cache

from dashboard import api, demo
from dashboard.callbacks import admin, detail, freshness, operations, report, router, tracking, wall
from dashboard.config import Config, ConfigError
from dashboard.pages.shell import shell
from dashboard.read.picture import Picture
from dashboard.runtime import EXTENSION, Runtime
from dashboard.security import announce_setup, current_identity, install
from dashboard.security.access import check_all_guarded
from dashboard.security.forms import csrf_token
from dashboard.store import Store
from dashboard.store.engine import StoreUnavailable

ASSETS = Path(__file__).resolve().parent.parent / "assets"
log = logging.getLogger(__name__)


def create_app(config: Config | None = None, *, start_feed: bool | None = None) -> Dash:
    """Build the Dash app: open the store, seed the demo if asked, wire every page."""
    config = config or Config.from_env()
    store = Store.open(config.database_url, config.redis_url)
    app = Dash(
        __name__,
        title="Heads-Up",
        update_title="",
        assets_folder=str(ASSETS),
        compress=True,
        serve_locally=True,
        suppress_callback_exceptions=True,
        # Dash's MCP endpoint would run callbacks past the access gate's per-callback check.
        enable_mcp=False,
    )
    server = app.server
    server.config["DEBUG"] = config.debug
    cache = Cache(
        server,
        config={"CACHE_TYPE": "dashboard.cache_json.JsonSimpleCache", "CACHE_DEFAULT_TIMEOUT": 60},
    )
    rt = Runtime(config=config, store=store, picture=Picture(store), cache=cache)
    server.extensions[EXTENSION] = rt
    demo.init_app(server, rt, start_feed)
    rt.picture.sync()
    install(app, config, store)
    app.layout = lambda: shell(config.refresh_ms, config.demo, *_who())
    for module in (router, operations, detail, freshness, tracking, report, wall, admin):
        module.register(app)
    api.init_app(app)
    check_all_guarded(app)
    announce_setup(config, store)
    return app


def _who() -> tuple:
    """Return the identity and CSRF token the shell shows (none outside a request)."""
    identity = current_identity()
    return (identity, csrf_token()) if identity is not None else (None, "")


def build_or_exit(config: Config | None = None) -> Dash:
    """Create the app, or stop with a one-line error that names the bad setting."""
    try:
        return create_app(config or Config.from_env())
    except (StoreUnavailable, ConfigError) as exc:
        print(f"headsup: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

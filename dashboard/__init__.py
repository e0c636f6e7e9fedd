"""Heads-Up: a live shared picture of operations, protests, notifications and responses."""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash
from flask_caching import Cache

from dashboard import api, demo
from dashboard.api.alarms import alarms_blueprint
from dashboard.callbacks import detail, freshness, operations, router, tracking
from dashboard.config import Config
from dashboard.pages.shell import shell
from dashboard.runtime import EXTENSION, Runtime
from dashboard.store import Store
from dashboard.store.picture import Picture

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
    )
    server = app.server
    server.config["DEBUG"] = config.debug
    cache = Cache(server, config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 60})
    rt = Runtime(config=config, store=store, picture=Picture(store), cache=cache)
    server.extensions[EXTENSION] = rt
    demo.init_app(server, rt, start_feed)
    rt.picture.sync()
    app.layout = shell(config.refresh_ms, config.demo)
    for module in (router, operations, detail, freshness, tracking):
        module.register(app)
    api.init_app(app)
    server.register_blueprint(alarms_blueprint)
    return app

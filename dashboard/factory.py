"""The composition root: `create_app(config)` wires store, picture, security, pages and API."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

from dash import Dash

from dashboard import api, demo
from dashboard.callbacks import freshness, router
from dashboard.config import Config, ConfigError
from dashboard.pages import after_action
from dashboard.pages.registry import page_callbacks
from dashboard.pages.shell import shell
from dashboard.pages.validation import check_callback_ids, validation_layout
from dashboard.read.memo import Memo
from dashboard.read.picture import Picture
from dashboard.read.reference import References
from dashboard.runtime import EXTENSION, Runtime
from dashboard.security import announce_setup, current_identity, install
from dashboard.security.access import check_all_guarded
from dashboard.security.forms import csrf_token
from dashboard.store import Store
from dashboard.store.engine import StoreUnavailable

# The shell's own callbacks; each page's come from the page registry.
SHELL_CALLBACKS = (router.register, freshness.register)
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
        # Dash's MCP endpoint would run callbacks past the access gate's per-callback check.
        enable_mcp=False,
    )
    server = app.server
    server.config["DEBUG"] = config.debug
    picture = Picture(store, timedelta(hours=config.live_window_h))
    rt = Runtime(config, store, picture, References(store.engine), Memo())
    server.extensions[EXTENSION] = rt
    try:
        _wire(app, rt, start_feed)
    except BaseException:
        rt.stop()  # a check that stops the app must not leave the feed or the pool behind
        raise
    announce_setup(config, store)
    return app


def _wire(app: Dash, rt: Runtime, start_feed: bool | None) -> None:
    """Start the demo, load the picture, install the gate, pages, callbacks and API; check."""
    config = rt.config
    demo.init_app(app.server, rt, start_feed)
    rt.picture.sync()
    install(app, config, rt.store)
    # Set before the layout: Dash would otherwise build the layout now to validate it.
    layout = validation_layout(app, rt, shell(config.refresh_ms, config.demo))
    app.validation_layout = layout  # type: ignore[assignment]  # Dash types it as None
    app.layout = lambda: shell(config.refresh_ms, config.demo, *_who())
    for register in (*SHELL_CALLBACKS, *page_callbacks()):
        register(app)
    api.init_app(app)
    after_action.init_app(app.server)
    check_all_guarded(app)
    check_callback_ids(app)


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

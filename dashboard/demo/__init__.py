"""The illustrative demo: seed it into an empty store and keep it moving."""

from __future__ import annotations

import threading

from flask import Flask

from dashboard.demo.feed import DemoFeed, seed_reference_data, seed_scenario
from dashboard.runtime import Runtime


def init_app(server: Flask, rt: Runtime, start_feed: bool | None = None) -> None:
    """Seed the demo when HEADSUP_DEMO is on, and start the feed on the first request.

    The feed starts lazily so that each gunicorn worker (even with --preload, where
    threads started before the fork do not survive) runs one; the lease in the store
    lets only one of them write.
    """
    config = rt.config
    if not config.demo:
        if config.testing:
            seed_reference_data(rt.store)
        return
    seed_scenario(rt.store)
    if not (start_feed if start_feed is not None else not config.testing):
        return
    feed = DemoFeed(rt.store, config.demo_interval_s)
    rt.background.append(feed)
    started = threading.Event()

    @server.before_request
    def _start_demo_feed() -> None:
        if not started.is_set():
            started.set()
            feed.start()

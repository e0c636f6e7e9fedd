"""Gunicorn settings for production: `gunicorn app:server` reads this file from the repo root.

Threaded workers (`gthread`): a client that sends its headers or body a byte at a time
holds one thread, not the whole worker, so the other threads keep serving walls and
feeds (test_rel140, test_rel141). Put a buffering reverse proxy (nginx) in front to
stop many such clients at once. Command-line flags (`-w`, `-b`) override these values.
"""

import os

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker silent this long is killed and replaced; requests themselves take milliseconds.
timeout = 30
graceful_timeout = 20
# Idle keep-alive connections (walls tick every second) are closed after this.
keepalive = 5
# Requests larger than the app's own limits never reach it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Not preloaded: each worker opens its own pool and starts its own demo feed thread.
preload_app = False
accesslog = None
errorlog = "-"
loglevel = "warning"

"""A chunked body over the size limit is a 413 in the one error shape, over a real socket."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from dash import Dash
from werkzeug.serving import make_server

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.store.tokens import create_token
from tests.auth import client_as

LIMIT = 10_000


@pytest.fixture
def served(config: Config) -> Iterator[tuple[Dash, int]]:
    """Serve a small-limit app on a free port in a thread (the real HTTP server)."""
    app = create_app(replace(config, max_body_bytes=LIMIT))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, server.server_port
    finally:
        server.shutdown()
        thread.join()
        app.server.extensions["headsup"].stop()


def send_chunked(port: int, path: str, headers: dict[str, str], size: int) -> tuple[int, dict]:
    """POST `size` bytes of a JSON document in 4 KB chunks; return the status and body."""
    document = b'{"pad": "' + b"x" * (size - 11) + b'"}'
    chunks = (document[i : i + 4096] for i in range(0, len(document), 4096))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=chunks,
            headers={"Content-Type": "application/json", **headers},
            encode_chunked=True,
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def test_rel073_a_chunked_body_over_the_limit_is_413_not_400(
    served: tuple[Dash, int],
) -> None:
    app, port = served
    token = create_token(app.server.extensions["headsup"].store.engine, "feed", ["test"])
    bearer = {"Authorization": f"Bearer {token}"}
    status, body = send_chunked(port, "/api/v1/events", bearer, 5 * LIMIT)
    assert status == 413, body
    assert body["error"] == "body_too_large" and body["status"] == 413
    status, _small = send_chunked(port, "/api/v1/events", bearer, LIMIT // 2)
    assert status == 422  # under the limit the body is read, and found not an event


def test_rel074_a_chunked_callback_body_over_the_limit_is_413(served: tuple[Dash, int]) -> None:
    app, port = served
    client = client_as(app, "viewer")
    session = client.get_cookie("headsup_session")
    assert session is not None
    cookie = f"headsup_session={session.value}"
    status, body = send_chunked(port, "/_dash-update-component", {"Cookie": cookie}, 5 * LIMIT)
    assert (status, body) == (413, {"error": "body too large"})
    status, _ = send_chunked(port, "/_dash-update-component", {"Cookie": cookie}, LIMIT // 2)
    assert status == 403  # read, and found to name no callback

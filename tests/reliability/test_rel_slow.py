"""A client that trickles its headers or body a few bytes at a time cannot hold the worker."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
import requests

from tests.reliability.conftest import GOOD_EVENT
from tests.reliability.servers import ServerProcess, prepared_store, running, server_env

GUARD_S = 30.0
PIECES = 6  # the slow request arrives in this many pieces, a normal one served between each


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    """Serve with the repo's gunicorn.conf.py and a single worker process: nothing to spare."""
    tmp = tmp_path_factory.mktemp("slow")
    url = f"sqlite:///{tmp / 'headsup.db'}"
    token = prepared_store(url, ["test"])
    server = ServerProcess("gunicorn", server_env(url, tmp), tmp / "server.log", workers=1)
    with running(server):
        yield server, token


def pieces(data: bytes, count: int) -> list[bytes]:
    """Cut data into `count` pieces (the last takes the rest)."""
    size = max(1, len(data) // count)
    return [data[i * size : (i + 1) * size] for i in range(count - 1)] + [
        data[(count - 1) * size :]
    ]


def trickle(server: ServerProcess, head: bytes, body: bytes, slow_head: bool) -> bytes:
    """Send the head or the body in pieces, serving a normal request between each piece."""
    slow, sent_at_once = (head, body) if slow_head else (body, head)
    with socket.create_connection(("127.0.0.1", server.port), timeout=GUARD_S) as slow_client:
        if not slow_head:
            slow_client.sendall(sent_at_once)
        for piece in pieces(slow, PIECES):
            slow_client.sendall(piece)
            # The slow request is incomplete here: this one must be answered anyway.
            other = requests.get(f"{server.url}/api/v1/health", timeout=GUARD_S)
            assert other.status_code == 200
        if slow_head:
            slow_client.sendall(sent_at_once)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = slow_client.recv(65536)
            assert chunk, "connection closed without an answer"
            answer += chunk
    return answer


def request_head(server: ServerProcess, token: str, length: int) -> bytes:
    """Return the head of a POST /api/v1/events carrying `length` bytes of JSON."""
    return (
        f"POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()


def test_rel140_a_client_trickling_its_headers_does_not_hold_the_worker(
    one_worker: tuple[ServerProcess, str],
) -> None:
    server, token = one_worker
    body = json.dumps({**GOOD_EVENT, "event_id": "slow-head"}).encode()
    head = request_head(server, token, len(body))
    answer = trickle(server, head, body, slow_head=True)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


def test_rel141_a_client_trickling_its_body_does_not_hold_the_worker(
    one_worker: tuple[ServerProcess, str],
) -> None:
    server, token = one_worker
    body = json.dumps({**GOOD_EVENT, "event_id": "slow-body"}).encode()
    head = request_head(server, token, len(body))
    answer = trickle(server, head, body, slow_head=False)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]

"""Strangers' callback posts cost a cookie check: no body read, one audit row a minute."""

from __future__ import annotations

import io

from dash import Dash
from sqlalchemy import func, select

from dashboard.security.access import REFUSALS
from dashboard.store.security_schema import audit
from tests.auth import client_as
from tests.security.forge import forged_bodies, post

HUGE = 200_000_000


class WatchedBody(io.RawIOBase):
    """A request body of HUGE bytes, made as it is read, that counts what was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client asks where the body starts; it starts at 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.read_bytes

    def tell(self) -> int:
        return self.read_bytes

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), HUGE - self.read_bytes)
        buffer[:size] = b"x" * size
        self.read_bytes += size
        return size


def send_huge(client, expired_cookie: bool = False) -> tuple[int, int]:
    """Post a HUGE callback body; return the status and how many body bytes were read."""
    body = WatchedBody()
    if expired_cookie:
        client.set_cookie("headsup_session", "not-a-session", domain="localhost")
    response = client.post(
        "/_dash-update-component",
        input_stream=body,
        content_type="application/json",
        # The test client measures the stream by seeking; the header says what a sender says.
        environ_overrides={"CONTENT_LENGTH": str(HUGE)},
    )
    return response.status_code, body.read_bytes


def audit_rows(app: Dash) -> int:
    """Return the number of audit rows."""
    with app.server.extensions["headsup"].store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar_one()


def test_rel070_a_strangers_callback_is_401_with_its_body_unread(app: Dash) -> None:
    assert send_huge(app.server.test_client()) == (401, 0)
    assert send_huge(app.server.test_client(), expired_cookie=True) == (401, 0)
    # Signed in, the body is capped before it is read: a 413, unread too.
    assert send_huge(client_as(app, "viewer")) == (413, 0)


def test_rel071_strangers_refusals_are_one_audit_row_per_address_and_minute(app: Dash) -> None:
    body = forged_bodies(app, "x")
    names = list(body)
    before = audit_rows(app)
    stranger = app.server.test_client()
    for n in range(300):
        # Varying the callback, or the path, buys no extra row.
        assert post(stranger, body[names[n % len(names)]]).status_code == 401
        assert stranger.post(f"/nowhere-{n}").status_code == 401
    assert audit_rows(app) == before + 1
    tally = app.server.extensions[REFUSALS]
    assert tally.held(("anonymous", "401", "127.0.0.1")) == 599
    elsewhere = app.server.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert post(elsewhere, body[names[0]]).status_code == 401
    assert audit_rows(app) == before + 2  # another address has its own row

"""Server-side sessions: a random token in the cookie, its hash and timestamps in the table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from dashboard.security.memo import MEMO
from dashboard.security.roles import KIOSK_ROLE, Identity
from dashboard.security.tokens import new_token, token_hash
from dashboard.store.engine import write_transaction
from dashboard.store.security_schema import kiosks, sessions, users

# Refresh last_seen_at at most this often: a write per tick would be a write per second.
TOUCH_EVERY = timedelta(seconds=60)


def open_session(
    engine: Engine, lifetime: timedelta, user_id: int | None = None, kiosk_id: int | None = None
) -> str:
    """Store a new session and return its token (for the cookie; never stored as is)."""
    token = new_token()
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        conn.execute(
            insert(sessions).values(
                id=token_hash(token),
                user_id=user_id,
                kiosk_id=kiosk_id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + lifetime,
            )
        )
    return token


def close_session(engine: Engine, token: str) -> None:
    """End one session."""
    with write_transaction(engine) as conn:
        conn.execute(delete(sessions).where(sessions.c.id == token_hash(token)))
    MEMO.forget_all()


def load_identity(engine: Engine, token: str, idle: timedelta) -> Identity | None:
    """Return who holds this session token, or None if it ended, expired or went idle."""
    sid = token_hash(token)
    stmt = (
        select(
            sessions,
            users.c.name.label("user_name"),
            users.c.role,
            users.c.disabled,
            kiosks.c.name.label("kiosk_name"),
            kiosks.c.cities,
            kiosks.c.revoked_at,
        )
        .outerjoin(users, users.c.id == sessions.c.user_id)
        .outerjoin(kiosks, kiosks.c.id == sessions.c.kiosk_id)
        .where(sessions.c.id == sid)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        return None
    now = datetime.now(UTC)
    identity = _identity(row, sid)
    # Kiosks have no idle limit: a wall switched off overnight must come back by itself.
    idle_out = identity is not None and identity.kind == "user" and now - row["last_seen_at"] > idle
    if identity is None or now >= row["expires_at"] or idle_out:
        with write_transaction(engine) as conn:
            conn.execute(delete(sessions).where(sessions.c.id == sid))
        return None
    if now - row["last_seen_at"] > TOUCH_EVERY:
        with write_transaction(engine) as conn:
            conn.execute(update(sessions).where(sessions.c.id == sid).values(last_seen_at=now))
    return identity


def _identity(row: Any, sid: str) -> Identity | None:
    """Build the identity of a session row; None when its user or kiosk is gone."""
    if row["user_id"] is not None and row["user_name"] is not None and not row["disabled"]:
        return Identity("user", row["user_name"], row["role"], sid)
    if row["kiosk_id"] is not None and row["kiosk_name"] is not None and not row["revoked_at"]:
        cities = tuple(json.loads(row["cities"]))
        return Identity("kiosk", row["kiosk_name"], KIOSK_ROLE, sid, cities)
    return None

"""First start: with no enabled admin, print a one-time link that creates the first admin.

Users added on the server before any admin (operators, or an admin later disabled in the
database) do not close setup: without an enabled admin nobody could manage users.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from dashboard.security.accounts import count_enabled_admins
from dashboard.security.tokens import new_token, token_hash
from dashboard.store.engine import write_transaction
from dashboard.store.security_schema import setup_tokens

SETUP_TTL = timedelta(hours=24)


def issue_setup_token(engine: Engine) -> str | None:
    """Return a new setup token when no enabled admin and no live token exist, else None.

    Runs under the single-writer lock, so of many processes starting at once exactly one
    gets a token to print.
    """
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        if count_enabled_admins(conn):
            return None
        live = conn.execute(
            select(setup_tokens.c.token_hash).where(
                setup_tokens.c.used_at.is_(None), setup_tokens.c.expires_at > now
            )
        ).first()
        if live is not None:
            return None
        token = new_token()
        conn.execute(
            insert(setup_tokens).values(
                token_hash=token_hash(token), created_at=now, expires_at=now + SETUP_TTL
            )
        )
    return token


def setup_done(engine: Engine) -> bool:
    """Tell whether an enabled admin exists: a setup link has nothing left to do."""
    with engine.connect() as conn:
        return bool(count_enabled_admins(conn))


def setup_token_valid(engine: Engine, token: str) -> bool:
    """Tell whether a setup token is unused, unexpired, and no enabled admin exists yet."""
    now = datetime.now(UTC)
    with engine.connect() as conn:
        if count_enabled_admins(conn):
            return False
        return (
            conn.execute(
                select(setup_tokens.c.token_hash).where(
                    setup_tokens.c.token_hash == token_hash(token),
                    setup_tokens.c.used_at.is_(None),
                    setup_tokens.c.expires_at > now,
                )
            ).first()
            is not None
        )


def spend_setup_token(engine: Engine, token: str) -> bool:
    """Mark a setup token used; False if it was not valid (e.g. used a moment ago)."""
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        if count_enabled_admins(conn):
            return False
        spent = conn.execute(
            update(setup_tokens)
            .where(
                setup_tokens.c.token_hash == token_hash(token),
                setup_tokens.c.used_at.is_(None),
                setup_tokens.c.expires_at > now,
            )
            .values(used_at=now)
        )
        return spent.rowcount == 1

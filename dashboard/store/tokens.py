"""API bearer tokens: created once, kept only as sha256 hashes, scoped to sources, revocable."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.store.engine import write_transaction
from dashboard.store.schema import api_tokens

PREFIX = "hu_"
# Active tokens looked up recently, by (database, hash): (token, when to look again).
# Unknown secrets are never kept, so guessing cannot fill it; past the size it restarts.
_CACHE: dict[tuple[str, str], tuple[Token, float]] = {}
_CACHE_SIZE = 1024
NAME = re.compile(r"^[A-Za-z0-9_.:@-]{1,64}$")


class TokenError(ValueError):
    """A token cannot be created or revoked as asked."""


@dataclass(frozen=True)
class Token:
    """What a token may do; the secret itself is never stored."""

    name: str
    sources: frozenset[str]
    admin: bool
    created_at: datetime
    revoked_at: datetime | None = None

    def may_write(self, source: str) -> bool:
        """Tell whether events from `source` may be written with this token."""
        return source in self.sources


def hash_token(secret: str) -> str:
    """Hash a token; 256 random bits need no salt or slow hash to resist guessing."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(engine: Engine, name: str, sources: list[str], admin: bool = False) -> str:
    """Store a new token's hash and scopes; return the secret, which is shown only once."""
    if not NAME.match(name):
        raise TokenError(f"token name {name!r} must be 1-64 letters, digits or _.:@-")
    scopes = sorted({s.strip() for s in sources if s.strip()})
    if not scopes and not admin:
        raise TokenError("a token needs at least one source, or --admin")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = {
        "name": name,
        "token_hash": hash_token(secret),
        "sources": ",".join(scopes),
        "admin": admin,
        "created_at": datetime.now(UTC),
    }
    try:
        with write_transaction(engine) as conn:
            conn.execute(insert(api_tokens).values(**row))
    except IntegrityError:
        raise TokenError(f"a token named {name!r} already exists") from None
    return secret


def revoke_token(engine: Engine, name: str) -> None:
    """Revoke the named token from now on; its row stays for the record."""
    with write_transaction(engine) as conn:
        done = conn.execute(
            update(api_tokens)
            .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        if done.rowcount != 1:
            raise TokenError(f"no active token named {name!r}")
    # This process forgets at once; other processes within their cache time.
    _CACHE.clear()


def find_token(
    engine: Engine,
    secret: str,
    cache_s: float = 0.0,
    clock: Callable[[], float] = time.monotonic,
) -> Token | None:
    """Return the active token with this secret, or None.

    With `cache_s`, an active token found in the last `cache_s` seconds is answered
    without a query: a revocation made in another process takes effect within that time
    (at once in this one, see `revoke_token`).
    """
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    key = (engine.url.render_as_string(), hash_token(secret))
    cached = _CACHE.get(key)
    if cached is not None and clock() < cached[1]:
        return cached[0]
    with engine.connect() as conn:
        row = conn.execute(
            select(api_tokens).where(
                api_tokens.c.token_hash == key[1], api_tokens.c.revoked_at.is_(None)
            )
        ).first()
    if row is None:
        _CACHE.pop(key, None)
        return None
    token = _token(row)
    if cache_s > 0:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = (token, clock() + cache_s)
    return token


def list_tokens(engine: Engine) -> list[Token]:
    """Return every token, active or revoked, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(api_tokens).order_by(api_tokens.c.name)).all()
    return [_token(row) for row in rows]


def _token(row: object) -> Token:
    m = row._mapping  # type: ignore[attr-defined]
    return Token(
        name=m["name"],
        sources=frozenset(s for s in m["sources"].split(",") if s),
        admin=bool(m["admin"]),
        created_at=m["created_at"],
        revoked_at=m["revoked_at"],
    )

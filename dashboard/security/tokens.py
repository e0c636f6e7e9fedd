"""Random tokens and the hashes under which they are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """Return a random URL-safe token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Return the SHA-256 of a token: enough for random tokens, unlike for passwords."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())

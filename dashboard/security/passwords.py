"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256  # long enough for passphrases, short enough to bound hashing work
_hasher = PasswordHasher()
# Verifying against this when a user is unknown makes both answers take as long.
_DUMMY_HASH = _hasher.hash("not a password of anybody's")


def check_password_rules(password: str) -> None:
    """Raise ValueError when a new password is too short or too long."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"a password may have at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password that passes the rules."""
    check_password_rules(password)
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Tell whether `password` matches; spend the same time when there is no hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False

"""Tables of users, sessions, kiosk and setup tokens, and the audit trail."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from dashboard.store.schema import SeqType, UtcDateTime, metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    # NULL: the account cannot log in with a password (e.g. before one is set).
    Column("password_hash", String(255), nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Server-side sessions: the cookie carries a random token, the table its SHA-256, so a
# copy of the table cannot be replayed as cookies, and deleting a row ends a session.
sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, nullable=True),
    Column("kiosk_id", Integer, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Index("ix_sessions_user", "user_id"),
    Index("ix_sessions_kiosk", "kiosk_id"),
)

kiosks = Table(
    "kiosks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("cities", Text, nullable=False),
    Column("rotate_s", Integer, nullable=True),  # seconds per city; None shows all at once
    Column("created_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)

setup_tokens = Table(
    "setup_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
)

audit = Table(
    "audit",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(40), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("source_ip", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_audit_at", "at"),
)

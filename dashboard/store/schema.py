"""Tables of the event log and of its projection (incidents and step claims)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC; SQLite keeps them naive, so attach UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only makes INTEGER PRIMARY KEY an auto-incrementing rowid alias.
SeqType = BigInteger().with_variant(Integer(), "sqlite")

jurisdictions = Table(
    "jurisdictions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("state", String(2), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("tz", String(64), nullable=False, server_default="UTC"),
)

agencies = Table(
    "agencies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("jurisdiction_id", String(64), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("local", Boolean, nullable=False, default=True),
)

# Which agencies belong to which city: read whenever a matrix or an alarm is computed, so
# an agency added to a city later is expected on that city's earlier incidents too.
jurisdiction_agencies = Table(
    "jurisdiction_agencies",
    metadata,
    Column("jurisdiction_id", String(64), primary_key=True),
    Column("agency_id", String(64), primary_key=True),
    Column("added_at", UtcDateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=True),
    Column("source", String(128), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("type", String(40), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("incident_id", String(128), nullable=False),
    Column("agency_id", String(64), nullable=True),
    Column("payload", Text, nullable=False),
    Column("body_hash", String(64), nullable=False),
    UniqueConstraint("source", "event_id", name="uq_events_source_event_id"),
    Index("ix_events_incident", "incident_id", "seq"),
    Index("ix_events_source_occurred", "source", "occurred_at"),
    # History and playback select events by when they happened or arrived (read/history.py).
    Index("ix_events_occurred", "occurred_at"),
    Index("ix_events_received", "received_at"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("city", String(64), nullable=False),
    Column("address", Text, nullable=True),
    Column("started_at", UtcDateTime, nullable=True),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("crowd_size", Integer, nullable=True),
    Column("first_seq", SeqType, nullable=False),
    Column("last_seq", SeqType, nullable=False),
    Index("ix_incidents_last_seq", "last_seq"),
    Index("ix_incidents_city", "city"),
)

step_claims = Table(
    "step_claims",
    metadata,
    Column("incident_id", String(128), primary_key=True),
    Column("agency_id", String(64), primary_key=True),
    Column("step", String(32), primary_key=True),
    Column("source", String(128), primary_key=True),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("seq", SeqType, nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("channel", String(64), nullable=True),
    Index("ix_step_claims_seq", "seq"),
)

# Event ids a later event of the same source superseded: a superseded claim that arrives
# late (after its correction) must not come back into the projection.
superseded_events = Table(
    "superseded_events",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("event_id", String(128), primary_key=True),
    Column("by_event_id", String(128), nullable=False),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

# API bearer tokens: only the sha256 of each token is kept; revoked rows stay for the record.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("sources", Text, nullable=False),
    Column("admin", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)

PROJECTION_TABLES = (step_claims, incidents, superseded_events)

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
    false,
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
    # city, county, state, tribal or district (dashboard.reference.model.JURISDICTION_KINDS).
    Column("kind", String(16), nullable=False, server_default="city"),
    # GeoJSON Polygon or MultiPolygon text; lat/lon above stay as the label point.
    Column("boundary", Text, nullable=True),
    # True when the boundary is a circle built from a centre and radius, not a real outline.
    Column("boundary_approx", Boolean, nullable=False, server_default=false()),
)

# Who changed which reference row when, with the row before and after (JSON, null when
# absent), so a replay can rebuild the reference data in force at any time.
reference_changes = Table(
    "reference_changes",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("author", String(128), nullable=False),
    Column("what", String(160), nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Index("ix_reference_changes_what", "what", "changed_at"),
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
    # The primary jurisdiction (smallest city containing the point, else the smallest
    # jurisdiction); empty when the point lies outside every jurisdiction.
    Column("city", String(64), nullable=False),
    Column("address", Text, nullable=True),
    Column("started_at", UtcDateTime, nullable=True),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("crowd_size", Integer, nullable=True),
    Column("outside_region", Boolean, nullable=False, server_default=false()),
    Column("first_seq", SeqType, nullable=False),
    Column("last_seq", SeqType, nullable=False),
    # Other sources' claims on fields the reporting source owns, as a JSON list of
    # {"field", "source", "value"}: kept and shown, never applied (see store/fold.py).
    Column("conflicts", Text, nullable=True),
    Index("ix_incidents_last_seq", "last_seq"),
    Index("ix_incidents_city", "city"),
    # GET /incidents?kind&since filters in SQL (api/incident_views.incident_conditions).
    Index("ix_incidents_kind_updated", "kind", "updated_at"),
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

# Events an admin's retraction took out of the projection (they stay in the log): only the
# retractions in force, so a retracted retraction's target is not listed.
retracted_events = Table(
    "retracted_events",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("event_id", String(128), primary_key=True),
    Column("incident_id", String(128), nullable=False),
    Column("by_source", String(128), nullable=False),
    Column("by_event_id", String(128), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_retracted_events_incident", "incident_id"),
)

# Written and deleted by the health probe (store/health.py); empty between probes.
health_probe = Table(
    "health_probe",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("filler", Text, nullable=False),
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

PROJECTION_TABLES = (step_claims, incidents, superseded_events, retracted_events)

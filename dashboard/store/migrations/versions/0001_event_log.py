"""Event log, reference data and the incident / step-claim projection.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from dashboard.store.schema import SeqType, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jurisdictions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("jurisdiction_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("local", sa.Boolean, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("seq", SeqType, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("occurred_at", UtcDateTime, nullable=False),
        sa.Column("received_at", UtcDateTime, nullable=False),
        sa.Column("incident_id", sa.String(128), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("source", "event_id", name="uq_events_source_event_id"),
    )
    op.create_index("ix_events_incident", "events", ["incident_id", "seq"])
    op.create_index("ix_events_source_occurred", "events", ["source", "occurred_at"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("city", sa.String(64), nullable=False),
        sa.Column("address", sa.Text, nullable=True),
        sa.Column("started_at", UtcDateTime, nullable=True),
        sa.Column("reported_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("first_seq", SeqType, nullable=False),
        sa.Column("last_seq", SeqType, nullable=False),
    )
    op.create_index("ix_incidents_last_seq", "incidents", ["last_seq"])
    op.create_index("ix_incidents_city", "incidents", ["city"])
    op.create_table(
        "step_claims",
        sa.Column("incident_id", sa.String(128), primary_key=True),
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("step", sa.String(32), primary_key=True),
        sa.Column("source", sa.String(128), primary_key=True),
        sa.Column("occurred_at", UtcDateTime, nullable=False),
        sa.Column("seq", SeqType, nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(64), nullable=True),
    )
    op.create_index("ix_step_claims_seq", "step_claims", ["seq"])


def downgrade() -> None:
    for table in ("step_claims", "incidents", "events", "agencies", "jurisdictions"):
        op.drop_table(table)

"""Retractions, source-owned incident fields and the health write probe.

Tables retracted_events and health_probe, and the column incidents.conflicts.

Revision ID: 0007_retractions
Revises: 0004_kiosk_rotation
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_retractions"
down_revision = "0006_jurisdiction_boundaries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retracted_events",
        sa.Column("source", sa.String(128), primary_key=True),
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("incident_id", sa.String(128), nullable=False),
        sa.Column("by_source", sa.String(128), nullable=False),
        sa.Column("by_event_id", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_retracted_events_incident", "retracted_events", ["incident_id"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("conflicts", sa.Text, nullable=True))
    op.create_table(
        "health_probe",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("filler", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("health_probe")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("conflicts")
    op.drop_index("ix_retracted_events_incident", table_name="retracted_events")
    op.drop_table("retracted_events")

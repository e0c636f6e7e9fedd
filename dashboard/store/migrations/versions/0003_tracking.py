"""Agencies that belong to a city, and superseded event ids for notification tracking.

Revision ID: 0003_tracking
Revises: 0003_api
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dashboard.store.schema import UtcDateTime

revision = "0003_tracking"
down_revision = "0003_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    members = op.create_table(
        "jurisdiction_agencies",
        sa.Column("jurisdiction_id", sa.String(64), primary_key=True),
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("added_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "superseded_events",
        sa.Column("source", sa.String(128), primary_key=True),
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("by_event_id", sa.String(128), nullable=False),
    )
    # Existing local agencies keep belonging to the city they were filed under.
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, jurisdiction_id FROM agencies "
            "WHERE jurisdiction_id IS NOT NULL AND local = :yes"
        ),
        {"yes": True},
    ).all()
    now = datetime.now(UTC)
    if rows:
        op.bulk_insert(
            members,
            [{"jurisdiction_id": j, "agency_id": a, "added_at": now} for a, j in rows],
        )


def downgrade() -> None:
    op.drop_table("superseded_events")
    op.drop_table("jurisdiction_agencies")

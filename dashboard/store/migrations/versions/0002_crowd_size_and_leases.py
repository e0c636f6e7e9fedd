"""Crowd size on incidents, city time zones, and leases so one process runs the demo feed.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from dashboard.store.schema import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("crowd_size", sa.Integer, nullable=True))
    with op.batch_alter_table("jurisdictions") as batch:
        batch.add_column(sa.Column("tz", sa.String(64), nullable=False, server_default="UTC"))
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leases")
    with op.batch_alter_table("jurisdictions") as batch:
        batch.drop_column("tz")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("crowd_size")

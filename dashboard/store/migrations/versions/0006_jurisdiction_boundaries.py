"""Jurisdiction kinds and boundaries, the reference-change history, incidents outside the region.

Revision ID: 0006_jurisdiction_boundaries
Revises: 0004_kiosk_rotation
"""

import sqlalchemy as sa
from alembic import op

from dashboard.store.schema import UtcDateTime

revision = "0006_jurisdiction_boundaries"
down_revision = "0005_history_indexes"
branch_labels = None
depends_on = None

SeqType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("jurisdictions") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="city"))
        batch.add_column(sa.Column("boundary", sa.Text, nullable=True))
        batch.add_column(
            sa.Column("boundary_approx", sa.Boolean, nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(
            sa.Column("outside_region", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_table(
        "reference_changes",
        sa.Column("id", SeqType, primary_key=True, autoincrement=True),
        sa.Column("changed_at", UtcDateTime, nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("what", sa.String(160), nullable=False),
        sa.Column("before", sa.Text, nullable=True),
        sa.Column("after", sa.Text, nullable=True),
    )
    op.create_index("ix_reference_changes_what", "reference_changes", ["what", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_reference_changes_what", "reference_changes")
    op.drop_table("reference_changes")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("outside_region")
    with op.batch_alter_table("jurisdictions") as batch:
        batch.drop_column("boundary_approx")
        batch.drop_column("boundary")
        batch.drop_column("kind")

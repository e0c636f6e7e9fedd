"""API bearer tokens, stored as hashes with their source scopes.

Revision ID: 0003_api
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from dashboard.store.schema import UtcDateTime

revision = "0003_api"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("admin", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("revoked_at", UtcDateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")

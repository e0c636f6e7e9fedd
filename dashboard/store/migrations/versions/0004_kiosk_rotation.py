"""A kiosk's rotation period: seconds per city on its wall, none to show all at once.

Revision ID: 0004_kiosk_rotation
Revises: 0003_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_kiosk_rotation"
down_revision = "0003_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("rotate_s", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("rotate_s")

"""Indexes on when events happened and arrived, for history and playback (read/history.py).

Revision ID: 0005_history_indexes
Revises: 0004_kiosk_rotation
"""

from alembic import op

revision = "0005_history_indexes"
down_revision = "0004_kiosk_rotation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_occurred", "events", ["occurred_at"])
    op.create_index("ix_events_received", "events", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_events_received", "events")
    op.drop_index("ix_events_occurred", "events")

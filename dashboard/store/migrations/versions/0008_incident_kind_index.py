"""Index incidents by kind and last event, for GET /api/v1/incidents?kind=...&since=...

Revision ID: 0008_incident_kind_index
Revises: 0007_retractions
"""

from alembic import op

revision = "0008_incident_kind_index"
down_revision = "0007_retractions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_kind_updated", "incidents", ["kind", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_incidents_kind_updated", "incidents")

"""Updates received and not yet handled (inbox_received), so that polling can confirm
them to the platform before they are handled without losing any in a crash.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_received",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "message_id", name="pk_inbox_received"),
    )


def downgrade() -> None:
    op.drop_table("inbox_received")

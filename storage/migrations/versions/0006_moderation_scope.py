"""Moderation scoped to communities: where a report was made and where an action was taken.

`community_id` is NULL for what happened in a private chat (reports for the operators;
operators' catalogue-wide actions). No foreign key: the log outlives what it is about.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("review_flags", "moderation_log"):
        op.add_column(table, sa.Column("community_id", sa.Integer(), nullable=True))
        op.create_index(f"ix_{table}_community_id", table, ["community_id"])


def downgrade() -> None:
    for table in ("review_flags", "moderation_log"):
        op.drop_index(f"ix_{table}_community_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("community_id")

"""Introductions (/intro): the requests, and each identity's handle — how another member
reaches this person on the platform, passed on only when both agree.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identities") as batch:
        batch.add_column(sa.Column("handle", sa.String(255), nullable=True))
    asker = sa.ForeignKey(
        "members.id", name="fk_introductions_asker_id_members", ondelete="CASCADE"
    )
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), asker, nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("target_name", sa.String(100), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_introductions"),
    )
    op.create_index(
        "ix_introductions_asker_id_created_at", "introductions", ["asker_id", "created_at"]
    )
    op.create_index("ix_introductions_target_id", "introductions", ["target_id"])


def downgrade() -> None:
    op.drop_index("ix_introductions_target_id", table_name="introductions")
    op.drop_index("ix_introductions_asker_id_created_at", table_name="introductions")
    op.drop_table("introductions")
    with op.batch_alter_table("identities") as batch:
        batch.drop_column("handle")

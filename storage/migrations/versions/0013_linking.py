"""One portfolio across platforms: one-time link codes (only their hash), wrong attempts
per member, and per identity when it was last used privately and whether the member chose
it for private messages.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _member_id(table: str) -> sa.Column[int]:
    foreign = sa.ForeignKey("members.id", name=f"fk_{table}_member_id_members", ondelete="CASCADE")
    return sa.Column("member_id", sa.Integer(), foreign, nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("identities") as batch:
        batch.add_column(sa.Column("last_private_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("preferred", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        _member_id("link_codes"),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_link_codes"),
        sa.UniqueConstraint("code_hash", name="uq_link_codes_code_hash"),
    )
    op.create_index("ix_link_codes_member_id", "link_codes", ["member_id"])
    op.create_table(
        "link_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        _member_id("link_attempts"),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_attempts"),
    )
    op.create_index(
        "ix_link_attempts_member_id_attempted_at", "link_attempts", ["member_id", "attempted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_link_attempts_member_id_attempted_at", table_name="link_attempts")
    op.drop_table("link_attempts")
    op.drop_index("ix_link_codes_member_id", table_name="link_codes")
    op.drop_table("link_codes")
    with op.batch_alter_table("identities") as batch:
        batch.drop_column("preferred")
        batch.drop_column("last_private_at")

"""Profile photos: the re-encoded image bytes, one per member (BLOB / bytea).

Their visibility is the profile's `photo` field in `profile_fields`, like any other field.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_photos",
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey(
                "members.id", name="fk_profile_photos_member_id_members", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_profile_photos"),
    )


def downgrade() -> None:
    op.drop_table("profile_photos")

"""Reminders, and each member's reminder settings (quiet hours, holiday pause, opted-in
built-in reminders).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _member(table: str) -> sa.Column[int]:
    return sa.Column(
        "member_id",
        sa.Integer(),
        sa.ForeignKey("members.id", name=f"fk_{table}_member_id_members", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        _member("reminders"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("schedule_kind", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(255), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("member_id", "number", name="uq_reminders_member_id_number"),
    )
    op.create_index("ix_reminders_due", "reminders", ["state", "next_fire_at"])
    op.create_table(
        "reminder_settings",
        _member("reminder_settings"),
        sa.Column("quiet_start", sa.String(5), nullable=True),
        sa.Column("quiet_end", sa.String(5), nullable=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("nudges", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name="pk_reminder_settings"),
    )


def downgrade() -> None:
    op.drop_table("reminder_settings")
    op.drop_table("reminders")

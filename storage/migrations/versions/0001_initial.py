"""The initial schema: members and their identities, activities, goals, pending flows,
the inbox of handled messages, and communities (group chats).

Written by hand to match storage/models.py; the integration tests compare a migrated
database with the models and fail on any difference. Types here are spelled as plain
SQLAlchemy types (DateTime(timezone=True), not storage.types.UTCDateTime) so that this
file never changes when application code does.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from datetime import datetime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _created_at(name: str = "created_at", nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _member_id(table: str) -> sa.Column[int]:
    """The owning member; a member's rows go when the member goes."""
    return sa.Column(
        "member_id",
        sa.Integer(),
        sa.ForeignKey("members.id", name=f"fk_{table}_member_id_members", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        _created_at(),
        # Running numbers per member, handed out with UPDATE … RETURNING.
        sa.Column("next_activity_number", sa.Integer(), server_default="1", nullable=False),
        sa.Column("next_goal_number", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
    )
    op.create_table(
        "identities",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        _member_id("identities"),
        _created_at(),
        sa.PrimaryKeyConstraint("platform", "user_id", name="pk_identities"),
    )
    op.create_index("ix_identities_member_id", "identities", ["member_id"])

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        _member_id("activities"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("competence_areas", sa.JSON(), nullable=False),  # list of slugs
        sa.Column("reflection", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("goal_number", sa.Integer(), nullable=True),  # no FK, see models.py
        sa.Column("visibility", sa.String(16), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sa.UniqueConstraint("member_id", "number", name="uq_activities_member_id_number"),
    )
    # A member's list and totals read only that member's rows, already in date order.
    op.create_index(
        "ix_activities_member_id_date_number", "activities", ["member_id", "date", "number"]
    )

    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        _member_id("goals"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("competence_areas", sa.JSON(), nullable=False),
        sa.Column("closing_reflection", sa.Text(), nullable=True),
        _created_at("closed_at", nullable=True),
        sa.Column("visibility", sa.String(16), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
        sa.UniqueConstraint("member_id", "number", name="uq_goals_member_id_number"),
    )

    op.create_table(
        "pending_flows",
        _member_id("pending_flows"),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_pending_flows"),
    )
    op.create_index("ix_pending_flows_expires_at", "pending_flows", ["expires_at"])

    # Idempotency of incoming messages; purged by received_at.
    op.create_table(
        "inbox",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "message_id", name="pk_inbox"),
    )
    op.create_index("ix_inbox_received_at", "inbox", ["received_at"])

    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("chat_id", sa.String(255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_communities"),
        sa.UniqueConstraint("platform", "chat_id", name="uq_communities_platform_chat_id"),
    )
    op.create_table(
        "community_members",
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey(
                "communities.id",
                name="fk_community_members_community_id_communities",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        _member_id("community_members"),
        sa.Column("is_moderator", sa.Boolean(), nullable=False),
        _created_at("joined_at"),
        sa.PrimaryKeyConstraint("community_id", "member_id", name="pk_community_members"),
    )
    op.create_index("ix_community_members_member_id", "community_members", ["member_id"])


def downgrade() -> None:
    for table in (
        "community_members",
        "communities",
        "inbox",
        "pending_flows",
        "goals",
        "activities",
        "identities",
        "members",
    ):
        op.drop_table(table)

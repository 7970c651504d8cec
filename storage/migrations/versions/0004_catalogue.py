"""Catalogue, reviews, flags, the moderation log, review rounds, group posts, suggestions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{column}_{target}", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_providers"),
        sa.UniqueConstraint("name", name="uq_providers_name"),
    )
    op.create_table(
        "offerings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(200), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column(
            "provider_id",
            sa.Integer(),
            _fk("offerings", "provider_id", "providers"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("format", sa.String(64), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("levels", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("rating_count", sa.Integer(), nullable=False),
        sa.Column("rating_sum", sa.Integer(), nullable=False),
        sa.Column("rating_score", sa.Float(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_offerings"),
        sa.UniqueConstraint("ref", name="uq_offerings_ref"),
    )
    op.create_index("ix_offerings_provider_id", "offerings", ["provider_id"])
    op.create_index("ix_offerings_updated_at", "offerings", ["updated_at"])
    op.create_index("ix_offerings_rating_score", "offerings", ["rating_score"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "offering_id", sa.Integer(), _fk("reviews", "offering_id", "offerings"), nullable=False
        ),
        sa.Column(
            "member_id", sa.Integer(), _fk("reviews", "member_id", "members"), nullable=False
        ),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.UniqueConstraint("offering_id", "member_id", name="uq_reviews_offering_id_member_id"),
    )
    op.create_index("ix_reviews_offering_id_updated_at", "reviews", ["offering_id", "updated_at"])
    op.create_index("ix_reviews_member_id_updated_at", "reviews", ["member_id", "updated_at"])
    op.create_table(
        "review_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "review_id", sa.Integer(), _fk("review_flags", "review_id", "reviews"), nullable=False
        ),
        sa.Column(
            "member_id", sa.Integer(), _fk("review_flags", "member_id", "members"), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_review_flags"),
    )
    op.create_index("ix_review_flags_review_id", "review_flags", ["review_id"])
    op.create_table(
        "moderation_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "moderator_id",
            sa.Integer(),
            _fk("moderation_log", "moderator_id", "members"),
            nullable=False,
        ),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_moderation_log"),
    )
    op.create_index("ix_moderation_log_created_at", "moderation_log", ["created_at"])
    op.create_table(
        "review_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "community_id",
            sa.Integer(),
            _fk("review_rounds", "community_id", "communities"),
            nullable=False,
        ),
        sa.Column(
            "offering_id",
            sa.Integer(),
            _fk("review_rounds", "offering_id", "offerings"),
            nullable=False,
        ),
        sa.Column(
            "opened_by", sa.Integer(), _fk("review_rounds", "opened_by", "members"), nullable=False
        ),
        sa.Column("opened_at", _TS, nullable=False),
        sa.Column("deadline", _TS, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("closed_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_review_rounds"),
    )
    op.create_index("ix_review_rounds_community_id", "review_rounds", ["community_id"])
    op.create_index("ix_review_rounds_state_deadline", "review_rounds", ["state", "deadline"])
    op.create_table(
        "group_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("chat_id", sa.String(255), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("sent_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_group_posts"),
        sa.UniqueConstraint("key", name="uq_group_posts_key"),
    )
    op.create_index("ix_group_posts_claim", "group_posts", ["platform", "state"])
    op.create_table(
        "offering_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "member_id",
            sa.Integer(),
            _fk("offering_suggestions", "member_id", "members"),
            nullable=False,
        ),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_offering_suggestions"),
    )
    op.create_index("ix_offering_suggestions_state_id", "offering_suggestions", ["state", "id"])
    op.create_table(
        "round_prompt_optouts",
        sa.Column(
            "member_id",
            sa.Integer(),
            _fk("round_prompt_optouts", "member_id", "members"),
            nullable=False,
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_round_prompt_optouts"),
    )


def downgrade() -> None:
    for table in (
        "round_prompt_optouts",
        "offering_suggestions",
        "group_posts",
        "review_rounds",
        "moderation_log",
        "review_flags",
        "reviews",
        "offerings",
        "providers",
    ):
        op.drop_table(table)

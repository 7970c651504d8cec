"""Profiles with a visibility per field, and the expertise search index.

Search terms are expanded in Python at index time (bot.domain.search_text) and looked up
by term: one linguistic pipeline for SQLite and PostgreSQL, so both rank alike.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def _member_id(table: str) -> sa.Column[int]:
    foreign = sa.ForeignKey("members.id", name=f"fk_{table}_member_id_members", ondelete="CASCADE")
    return sa.Column("member_id", sa.Integer(), foreign, nullable=False)


def upgrade() -> None:
    op.create_table(
        "profile_fields",
        _member_id("profile_fields"),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "field", name="pk_profile_fields"),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(48), nullable=False),
        _member_id("search_terms"),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("term", "member_id", "visibility", name="pk_search_terms"),
    )
    op.create_index("ix_search_terms_member_id", "search_terms", ["member_id"])
    op.create_index(
        "ix_search_terms_term_member_id_visibility_weight",
        "search_terms",
        ["term", "member_id", "visibility", "weight"],
    )
    op.create_table(
        "search_vocabulary",
        sa.Column("term", sa.String(48), nullable=False),
        sa.Column("prefix", sa.String(4), nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_search_vocabulary"),
    )
    op.create_index("ix_search_vocabulary_prefix", "search_vocabulary", ["prefix"])


def downgrade() -> None:
    op.drop_index("ix_search_vocabulary_prefix", table_name="search_vocabulary")
    op.drop_table("search_vocabulary")
    op.drop_index("ix_search_terms_term_member_id_visibility_weight", table_name="search_terms")
    op.drop_index("ix_search_terms_member_id", table_name="search_terms")
    op.drop_table("search_terms")
    op.drop_table("profile_fields")

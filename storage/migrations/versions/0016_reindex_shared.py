"""Goals and activities shared before the search index existed (0012) become findable.

0012 created the index empty: a member's terms are written when they change their profile,
a goal or an activity, so what was shared before (community or public) stayed out of
/zoek. This marks every member with such an item in `search_reindex`, and every member
sharing a profile field (their terms were expanded with an older word list: compounds
such as "ouderbetrokkenheid" are now split, so "ouders" finds them); the core's
search-reindex job (bot.services.search.reindex_marked, run when the bot starts) rebuilds
their terms with the same Python expansion as every other reindex, in batches, and deletes
each mark in the transaction that rebuilt it. The migration itself computes no terms: the
linguistic pipeline lives in the core, not in a landed migration. Private items are never
indexed (the rebuild reads only shared ones).

Also: the index over search terms is now in the order search reads a term's members
(best weight first, then the newest member), so /zoek reads only the top of a common term
instead of all of it; it covers what the old one in (term, member, visibility, weight)
order did.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


_OLD_INDEX = "ix_search_terms_term_member_id_visibility_weight"
_NEW_INDEX = "ix_search_terms_term_weight_member_id_visibility"


def upgrade() -> None:
    op.drop_index(_OLD_INDEX, table_name="search_terms")
    op.create_index(
        _NEW_INDEX,
        "search_terms",
        ["term", "weight", "member_id", "visibility"],
    )
    foreign = sa.ForeignKey(
        "members.id", name="fk_search_reindex_member_id_members", ondelete="CASCADE"
    )
    op.create_table(
        "search_reindex",
        sa.Column("member_id", sa.Integer(), foreign, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_search_reindex"),
    )
    op.execute(
        "INSERT INTO search_reindex (member_id) "
        "SELECT member_id FROM goals WHERE visibility <> 'private' "
        "UNION "
        "SELECT member_id FROM activities WHERE visibility <> 'private' "
        "UNION "
        "SELECT member_id FROM profile_fields WHERE visibility <> 'private'"
    )


def downgrade() -> None:
    op.drop_table("search_reindex")
    op.drop_index(_NEW_INDEX, table_name="search_terms")
    op.create_index(_OLD_INDEX, "search_terms", ["term", "member_id", "visibility", "weight"])

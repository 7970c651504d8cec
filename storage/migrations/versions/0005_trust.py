"""Nothing lost by accident: reflections as a list, the undo journal, drafts.

- ``reflections``: several reflections per activity, each with its moment. The single
  ``activities.reflection`` of earlier versions moves there (dated with the activity's
  ``created_at``, the best we know) and the column goes.
- ``undo_journal``: each member's last change and the state before it.
- ``drafts``: open questions set aside when the member went on with something else.

Revision ID: 0005
Revises: 0006 (chained after main's 0006 so that there is one head; the ids say only who
wrote them)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _member_fk(table: str) -> sa.Column[int]:
    return sa.Column(
        "member_id",
        sa.Integer(),
        sa.ForeignKey("members.id", name=f"fk_{table}_member_id_members", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "activity_id",
            sa.Integer(),
            sa.ForeignKey(
                "activities.id", name="fk_reflections_activity_id_activities", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
    )
    op.create_index("ix_reflections_activity_id", "reflections", ["activity_id"])
    op.execute(
        "INSERT INTO reflections (activity_id, text, written_at) "
        "SELECT id, reflection, created_at FROM activities "
        "WHERE reflection IS NOT NULL AND reflection <> '' ORDER BY id"
    )
    # A plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35 has it): a batch copy of the table
    # would drop the old one and, with foreign keys on, cascade into the new reflections.
    op.drop_column("activities", "reflection")

    op.create_table(
        "undo_journal",
        _member_fk("undo_journal"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("changed_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_undo_journal"),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        _member_fk("drafts"),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
    )
    op.create_index("ix_drafts_member_id", "drafts", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_drafts_member_id", table_name="drafts")
    op.drop_table("drafts")
    op.drop_table("undo_journal")
    op.add_column("activities", sa.Column("reflection", sa.Text(), nullable=True))
    # Only one reflection fits the old column: the newest.
    op.execute(
        "UPDATE activities SET reflection = (SELECT r.text FROM reflections r "
        "WHERE r.activity_id = activities.id ORDER BY r.written_at DESC, r.id DESC LIMIT 1)"
    )
    op.drop_index("ix_reflections_activity_id", table_name="reflections")
    op.drop_table("reflections")

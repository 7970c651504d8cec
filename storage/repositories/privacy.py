"""What the store holds about one member, and erasing it (AVG/GDPR, `/vergeet`).

Every table of the schema has exactly one rule here; a test compares this table of rules
with the schema's tables, so a new table cannot land without someone deciding what
erasure does with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import case, delete, func, or_, select, update

from storage.models import members, metadata, reviews
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Column, Table
    from sqlalchemy.sql.elements import ColumnElement


class Action(StrEnum):
    DELETE = "delete"  # the member's rows go
    REASSIGN = "reassign"  # rows others rely on stay, moved to a fresh nameless member
    CLEAR = "clear"  # a column that names the member is set to NULL
    KEEP = "keep"  # nothing in the table names a member


@dataclass(frozen=True)
class Rule:
    action: Action
    column: str | None
    why: str
    # Rows that name the member through a parent: `column` is a foreign key to the id
    # of the table `via`, whose own rule names the member.
    via: str | None = None


_RULES: dict[str, Rule] = {
    "members": Rule(Action.DELETE, "id", "name, language, time zone"),
    "identities": Rule(Action.DELETE, "member_id", "linked platform accounts"),
    "activities": Rule(Action.DELETE, "member_id", "the portfolio"),
    "goals": Rule(Action.DELETE, "member_id", "the portfolio"),
    "pending_flows": Rule(Action.DELETE, "member_id", "an open question"),
    "outbox": Rule(Action.DELETE, "member_id", "messages waiting for the private chat"),
    "reminders": Rule(Action.DELETE, "member_id", "reminders"),
    "reminder_settings": Rule(Action.DELETE, "member_id", "quiet hours, pause, nudges"),
    "community_members": Rule(Action.DELETE, "member_id", "group memberships"),
    "round_prompt_optouts": Rule(Action.DELETE, "member_id", "a preference"),
    "review_flags": Rule(Action.DELETE, "member_id", "reports the member made"),
    "offering_suggestions": Rule(Action.DELETE, "member_id", "suggested offerings"),
    # Reviews: deleted or kept anonymously, as the member chooses (see `erase`).
    "reviews": Rule(Action.REASSIGN, "member_id", "reviews of offerings"),
    # A community's rounds and its moderation log outlive the moderator who acted.
    "review_rounds": Rule(Action.REASSIGN, "opened_by", "rounds the member opened"),
    "moderation_log": Rule(Action.REASSIGN, "moderator_id", "moderation by the member"),
    # Tables that name no member: the catalogue, the groups themselves, the anonymous
    # aggregates posted in groups, and redelivery guards (opaque message ids, purged
    # after the retention period).
    "communities": Rule(Action.KEEP, None, "group chats, not people"),
    "providers": Rule(Action.KEEP, None, "the catalogue"),
    "offerings": Rule(Action.KEEP, None, "the catalogue"),
    "group_posts": Rule(Action.KEEP, None, "anonymous round summaries"),
    "inbox": Rule(Action.KEEP, None, "opaque message ids, purged after retention"),
    "inbox_received": Rule(
        Action.KEEP, None, "updates fetched but not yet handled; each goes once handled"
    ),
    # Several reflections per activity, open
    # questions set aside as drafts, the last change for /undo.
    "reflections": Rule(Action.DELETE, "activity_id", "reflections", via="activities"),
    "drafts": Rule(Action.DELETE, "member_id", "questions set aside"),
    "undo_journal": Rule(Action.DELETE, "member_id", "the last change, for undo"),
    # Issue 12's tables (branch issue-12-profiles): the profile and its search terms; the
    # vocabulary is stemmed words for near-miss lookup, naming nobody.
    "profile_fields": Rule(Action.DELETE, "member_id", "the profile"),
    "search_terms": Rule(Action.DELETE, "member_id", "search terms of what was shared"),
    "search_vocabulary": Rule(Action.KEEP, None, "stemmed words, naming nobody"),
    "profile_photos": Rule(Action.DELETE, "member_id", "the profile photo"),
    # Issue 12's linking (branch linking): one-time codes (hashed) and wrong attempts.
    "link_codes": Rule(Action.DELETE, "member_id", "codes to link another account"),
    "link_attempts": Rule(Action.DELETE, "member_id", "wrong link codes entered"),
    # /intro requests the member made go; requests to the member stay with the asker,
    # the member's id cleared (to the asker they look as unanswered as before).
    "introductions": Rule(Action.DELETE, "asker_id", "introduction requests"),
    "search_reindex": Rule(Action.DELETE, "member_id", "a mark: search terms to rebuild"),
}
# The rules of the tables this schema has (a rule may name a table that lands with
# another branch); tests/integration/test_erasure.py holds both lists to each other.
RULES: dict[str, Rule] = {name: rule for name, rule in _RULES.items() if name in metadata.tables}

# Columns besides the rule's own that name a member without a foreign key.
CLEARED: dict[str, str] = {"offering_suggestions": "decided_by", "introductions": "target_id"}


def member_columns(table: Table) -> list[Column[int]]:
    """The columns of `table` that hold a member id (rule column and cleared column)."""
    names = []
    rule = RULES[table.name]
    if rule.column is not None and rule.via is None:
        names.append(rule.column)
    if table.name in CLEARED:
        names.append(CLEARED[table.name])
    return [table.c[name] for name in names]


def _about(table: Table, member_id: int) -> ColumnElement[bool] | None:
    rule = RULES[table.name]
    if rule.via is not None:
        parent = metadata.tables[rule.via]
        owned = select(parent.c.id).where(parent.c[str(RULES[rule.via].column)] == member_id)
        return table.c[str(rule.column)].in_(owned)
    conditions = [column == member_id for column in member_columns(table)]
    return or_(*conditions) if conditions else None


class SqlPortabilityRepository(Repository):
    def counts(self, member_id: int) -> dict[str, int]:
        """Rows that name the member, per table (tables without such rows left out)."""
        found = {}
        for table in metadata.sorted_tables:
            about = _about(table, member_id)
            if about is None:
                continue
            n = int(self._db.execute(select(func.count()).where(about)).scalar_one())
            if n:
                found[table.name] = n
        return found

    def reserve_numbers(self, member_id: int, activity: int, goal: int) -> None:
        """After an import: running numbers continue after the highest imported ones."""
        c = members.c
        self._db.execute(
            update(members)
            .where(c.id == member_id)
            .values(
                next_activity_number=case(
                    (c.next_activity_number > activity, c.next_activity_number), else_=activity
                ),
                next_goal_number=case((c.next_goal_number > goal, c.next_goal_number), else_=goal),
            )
        )

    def reviewed_offerings(self, member_id: int) -> list[int]:
        statement = select(reviews.c.offering_id).where(reviews.c.member_id == member_id)
        return [int(row[0]) for row in self._db.execute(statement)]

    def erase(self, member_id: int, keep_reviews: bool, now: datetime) -> dict[str, int]:
        """Erase every row about the member, following RULES; rows per table that were
        erased or made anonymous. `keep_reviews`: reviews stay, anonymous, instead of going."""
        db = self._db
        erased: dict[str, int] = {}

        def tally(table: Table, n: int) -> None:
            if n:
                erased[table.name] = erased.get(table.name, 0) + n

        if not keep_reviews:
            tally(
                reviews,
                db.execute(delete(reviews).where(reviews.c.member_id == member_id)).rowcount,
            )
        moved = [
            (metadata.tables[name], RULES[name])
            for name in sorted(RULES)
            if RULES[name].action is Action.REASSIGN
        ]
        if any(
            db.execute(
                select(func.count()).where(table.c[str(rule.column)] == member_id)
            ).scalar_one()
            for table, rule in moved
        ):
            # A fresh member without identity, name or portfolio: what others rely on (a
            # round, the moderation log, an anonymous review) keeps an owner who is no one.
            nobody = db.execute(
                members.insert().returning(members.c.id),
                {"display_name": "", "language": "nl", "timezone": "UTC", "created_at": now},
            ).scalar_one()
            for table, rule in moved:
                column = table.c[str(rule.column)]
                extra = {"anonymous": True} if table is reviews else {}
                tally(
                    table,
                    db.execute(
                        update(table)
                        .where(column == member_id)
                        .values({column.name: nobody, **extra})
                    ).rowcount,
                )
        for name, column_name in CLEARED.items():
            table = metadata.tables[name]
            column = table.c[column_name]
            tally(
                table,
                db.execute(
                    update(table).where(column == member_id).values({column_name: None})
                ).rowcount,
            )
        # Children before parents: members, the parent of them all, goes last.
        for table in reversed(metadata.sorted_tables):
            about = _about(table, member_id)
            if RULES[table.name].action is Action.DELETE and about is not None:
                tally(table, db.execute(delete(table).where(about)).rowcount)
        return erased

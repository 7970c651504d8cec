"""The schema. Rows only: the repositories map them to the (pure) domain dataclasses.

Any change here needs a migration in ``storage/migrations/versions``; the integration
tests compare the migrated database with this metadata and fail on drift.

Enumerations (kind, status, visibility) are short strings, validated by the domain enums
when a row is mapped, so adding a kind needs no migration. Competence areas are a JSON
list of slugs: they are always read and written together with their activity or goal,
keep their order, and are not filtered on in SQL; a join table would cost a statement
per read for nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


metadata = Base.metadata


def _member_fk() -> ForeignKey:
    return ForeignKey("members.id", ondelete="CASCADE")


class MemberRow(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    # School-holiday region (noord | midden | zuid) for deadlines like "voor de zomervakantie".
    holiday_region: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Per-member running numbers (#3), handed out by UPDATE … RETURNING so that two
    # concurrent commands never get the same number and deleted numbers are not reused.
    next_activity_number: Mapped[int] = mapped_column(default=1, server_default="1")
    next_goal_number: Mapped[int] = mapped_column(default=1, server_default="1")


class IdentityRow(Base):
    __tablename__ = "identities"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    created_at: Mapped[datetime]
    # When the member last wrote to the bot privately from this identity, and whether they
    # chose it for private messages: messages owed to the member go to the chosen identity,
    # else to the one used privately last (bot.services.linking).
    last_private_at: Mapped[datetime | None]
    preferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How another member reaches this person on the platform (an @username, a user id),
    # as the adapter last gave it; opaque to the core. Passed on only by an accepted /intro.
    handle: Mapped[str | None] = mapped_column(String(255), nullable=True)


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        # list/totals filter one member by date: this keeps them off other members' rows.
        Index("ix_activities_member_id_date_number", "member_id", "date", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    number: Mapped[int]
    date: Mapped[date]
    minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    competence_areas: Mapped[list[str]]
    evidence: Mapped[str | None] = mapped_column(Text)
    # Deliberately no foreign key to goals: the number outlives a deleted goal until the
    # service unlinks it (ActivityRepository.unlink_goal), all in one unit of work.
    goal_number: Mapped[int | None]
    visibility: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class ReflectionRow(Base):
    """Reflections on an activity, several per activity, each with its moment (kept in
    order; none ever replaces another)."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]


class GoalRow(Base):
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("member_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    target_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16))
    competence_areas: Mapped[list[str]]
    closing_reflection: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    visibility: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class PendingFlowRow(Base):
    __tablename__ = "pending_flows"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]
    choices: Mapped[list[str]]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class DraftRow(Base):
    """An open question set aside when the member went on with something else
    (bot.chat.drafts): what was understood, to be finished later with one tap."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class UndoRow(Base):
    """The member's last change with the state before it (bot.domain.undo): one row per
    member, replaced by every change, removed when it is undone."""

    __tablename__ = "undo_journal"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    changed_at: Mapped[datetime]


class InboxRow(Base):
    """Message ids already handled, so a redelivered message is not processed twice."""

    __tablename__ = "inbox"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)


class ReceivedRow(Base):
    """Updates fetched from a platform and not yet handled: kept here before the platform
    is told they arrived, so that a crash loses none (the adapter hands them over again
    when it starts)."""

    __tablename__ = "inbox_received"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]


class CommunityRow(Base):
    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class CommunityMemberRow(Base):
    __tablename__ = "community_members"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True, index=True)
    is_moderator: Mapped[bool] = mapped_column(Boolean)
    joined_at: Mapped[datetime]


class OutboxRow(Base):
    """Deliveries owed to members' private chats (bot.domain.outbox)."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim query: pending rows of one platform, due first.
        Index("ix_outbox_claim", "platform", "state", "due_at"),
        Index("ix_outbox_user", "platform", "user_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    leased_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    notice_chat_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class ReminderRow(Base):
    """Reminders (bot.domain.reminders): the store is the source of truth for timing."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("member_id", "number"),
        # The dispatcher's claim: active rows, due first.
        Index("ix_reminders_due", "state", "next_fire_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    schedule_kind: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64))
    next_fire_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class ReminderSettingsRow(Base):
    """A member's quiet hours and holiday pause; no row means the defaults."""

    __tablename__ = "reminder_settings"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    quiet_start: Mapped[str | None] = mapped_column(String(5))  # "HH:MM"; None: no quiet hours
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    paused_until: Mapped[date | None]
    nudges: Mapped[str | None] = mapped_column(String(64))  # "goals,log,reflect"; None: none


class ProviderRow(Base):
    """Catalogue providers (bot.domain.catalogue)."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class OfferingRow(Base):
    """Catalogue offerings. `rating_count`/`rating_sum`/`rating_score` summarise the visible
    reviews, kept up to date with every review change, so /top ranks in one indexed query."""

    __tablename__ = "offerings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    # "|rekenen|taal|": lower-case, so /top can filter on a topic with LIKE.
    topics: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(64))
    hours: Mapped[float | None] = mapped_column(Float)
    levels: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    rating_count: Mapped[int]
    rating_sum: Mapped[int]
    # The Bayesian average (bot.domain.catalogue.bayesian), indexed: /top reads it in order.
    rating_score: Mapped[float] = mapped_column(Float, index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("offering_id", "member_id"),
        Index("ix_reviews_offering_id_updated_at", "offering_id", "updated_at"),
        Index("ix_reviews_member_id_updated_at", "member_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(_member_fk())
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    hidden: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReviewFlagRow(Base):
    __tablename__ = "review_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(_member_fk())
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # The community (group chat) it was reported in; None: privately, for the operators.
    community_id: Mapped[int | None] = mapped_column(index=True)


class ModerationLogRow(Base):
    """Every moderation action, for moderators to list. No foreign key to reviews: the
    entry outlives what it is about."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    moderator_id: Mapped[int] = mapped_column(_member_fk())
    action: Mapped[str] = mapped_column(String(32))
    review_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)
    # Where: the community acted in; None for an operator's catalogue-wide action.
    community_id: Mapped[int | None] = mapped_column(index=True)


class ReviewRoundRow(Base):
    __tablename__ = "review_rounds"
    __table_args__ = (Index("ix_review_rounds_state_deadline", "state", "deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id", ondelete="CASCADE"))
    opened_by: Mapped[int] = mapped_column(_member_fk())
    opened_at: Mapped[datetime]
    deadline: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime | None]


class GroupPostRow(Base):
    """Messages owed to a group chat without an incoming message to answer (a review
    round's summary); delivered by bot.delivery.groups."""

    __tablename__ = "group_posts"
    __table_args__ = (Index("ix_group_posts_claim", "platform", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class OfferingSuggestionRow(Base):
    __tablename__ = "offering_suggestions"
    __table_args__ = (Index("ix_offering_suggestions_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    decided_by: Mapped[int | None]
    decided_at: Mapped[datetime | None]


class RoundPromptOptOutRow(Base):
    """Members who asked not to get private review-round prompts."""

    __tablename__ = "round_prompt_optouts"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    created_at: Mapped[datetime]


class ProfileFieldRow(Base):
    """One field of a member's profile. A row may hold only a visibility (value NULL): a
    field shared before it was filled in, or cleared after."""

    __tablename__ = "profile_fields"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class SearchTermRow(Base):
    """The expertise search index: terms expanded in Python (bot.domain.search_text), so
    both stores rank alike. Only shared data is indexed; `visibility` is community or
    public."""

    __tablename__ = "search_terms"
    # Covering, in the order search reads a term's members (bot.services.search): best
    # weight first, then the newest member (a backward scan), so the top of a common term
    # is a short index range (0016; it replaced 0012's index in term, member order). The
    # full ranking query reads term, member, visibility and weight from it alone.
    __table_args__ = (Index(None, "term", "weight", "member_id", "visibility"),)

    term: Mapped[str] = mapped_column(String(48), primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True, index=True)
    visibility: Mapped[str] = mapped_column(String(16), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class SearchVocabularyRow(Base):
    """Every term ever indexed, bucketed by its first letters for near-miss (typo) lookup."""

    __tablename__ = "search_vocabulary"

    term: Mapped[str] = mapped_column(String(48), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(4), index=True)


class ProfilePhotoRow(Base):
    """A member's profile photo: re-encoded (JPEG, at most 512 × 512, no metadata), so a
    row stays small. Who may see it is the profile's `photo` field."""

    __tablename__ = "profile_photos"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class LinkCodeRow(Base):
    """One-time codes that join a second platform identity to a portfolio (/koppel): only
    a hash of the code is kept."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(_member_fk(), index=True)
    # The identity that asked for it: entering one's own code there is refused.
    platform: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class LinkAttemptRow(Base):
    """Wrong codes entered, per member, to limit guessing."""

    __tablename__ = "link_attempts"
    __table_args__ = (Index(None, "member_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(_member_fk())
    attempted_at: Mapped[datetime]


class IntroductionRow(Base):
    """An /intro request: `asker_id` asks to be introduced to `target_id`. A request
    about a name that matches nobody who shares something with the asker (or from an
    asker the target blocked) is kept too, with `state` "unsent": it counts towards the
    asker's limits exactly like a real one, so that the limits reveal nobody."""

    __tablename__ = "introductions"
    __table_args__ = (Index(None, "asker_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asker_id: Mapped[int] = mapped_column(_member_fk())
    # No foreign key: erasing the target clears it (the asker's row stays, unanswered).
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    target_name: Mapped[str] = mapped_column(String(100))  # as asked, lower case
    platform: Mapped[str] = mapped_column(String(32))  # where the asker asked
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)


class SearchReindexRow(Base):
    """Members whose search terms must be rebuilt once (a migration marks them, e.g. 0016
    for goals and activities shared before the index existed); the core's search-reindex
    job claims and rebuilds them in batches, deleting the mark in the same transaction."""

    __tablename__ = "search_reindex"

    member_id: Mapped[int] = mapped_column(_member_fk(), primary_key=True)


def _table(row: type[Base]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


# Repositories use Core statements on these tables: no identity map, no unit-of-work
# bookkeeping, and a typed CursorResult (rowcount) — the ORM classes only define them.
members = _table(MemberRow)
identities = _table(IdentityRow)
activities = _table(ActivityRow)
goals = _table(GoalRow)
pending_flows = _table(PendingFlowRow)
inbox = _table(InboxRow)
inbox_received = _table(ReceivedRow)
communities = _table(CommunityRow)
community_members = _table(CommunityMemberRow)
outbox = _table(OutboxRow)
reminders = _table(ReminderRow)
reminder_settings = _table(ReminderSettingsRow)

providers = _table(ProviderRow)
offerings = _table(OfferingRow)
reviews = _table(ReviewRow)
review_flags = _table(ReviewFlagRow)
moderation_log = _table(ModerationLogRow)
review_rounds = _table(ReviewRoundRow)
group_posts = _table(GroupPostRow)
offering_suggestions = _table(OfferingSuggestionRow)
round_prompt_optouts = _table(RoundPromptOptOutRow)

reflections = _table(ReflectionRow)
drafts = _table(DraftRow)
undo_journal = _table(UndoRow)

profile_fields = _table(ProfileFieldRow)
search_terms = _table(SearchTermRow)
search_vocabulary = _table(SearchVocabularyRow)
profile_photos = _table(ProfilePhotoRow)

link_codes = _table(LinkCodeRow)
link_attempts = _table(LinkAttemptRow)

introductions = _table(IntroductionRow)
search_reindex = _table(SearchReindexRow)

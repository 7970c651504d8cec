"""What the core needs from a store. `storage/` implements these; the core never imports it.

A unit of work is one transaction. Its repositories are *synchronous*: a store runs the
whole unit of work as one call — for SQLite in one hop to the database thread, for
PostgreSQL through SQLAlchemy's ``run_sync`` on the async driver. One hop per command is
what makes the core fast on SQLite (see README, "Design notes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from bot.domain.activities import Activity, ActivityKind, CompetenceArea, LearningForm
    from bot.domain.catalogue import (
        Distribution,
        ModerationAction,
        ModerationEntry,
        Offering,
        OfferingData,
        Provider,
        Review,
        ReviewRound,
        Suggestion,
        SuggestionState,
    )
    from bot.domain.flows import PendingFlow
    from bot.domain.goals import Goal, GoalStatus
    from bot.domain.members import Member
    from bot.domain.outbox import Delivery
    from bot.domain.reminders import (
        DueReminder,
        NudgeTarget,
        Reminder,
        ReminderSettings,
        ReminderState,
    )

T = TypeVar("T")


@dataclass(frozen=True)
class ActivityFilter:
    since: date | None = None
    until: date | None = None  # inclusive
    kind: ActivityKind | None = None
    goal_number: int | None = None
    learning_form: LearningForm | None = None  # "formeel", "informeel"
    area: CompetenceArea | None = None  # "#pedagogisch"


@dataclass(frozen=True)
class NewMember:
    """Defaults for a member created on first contact."""

    display_name: str
    language: str
    timezone: str
    now: datetime


@dataclass(frozen=True)
class NewDelivery:
    """A message owed to a member's private chat on one platform (see bot.domain.outbox)."""

    key: str
    member_id: int
    platform: str
    user_id: str
    payload: dict[str, Any]
    due_at: datetime
    notice_chat_id: str | None = None
    # Known to be undeliverable now: wait (blocked) until the member writes privately.
    blocked: bool = False


class MemberRepository(Protocol):
    def by_identity(self, platform: str, user_id: str) -> Member | None: ...

    def identities(self, member_id: int) -> list[tuple[str, str]]:
        """(platform, user id) of every identity of the member, oldest first."""

    def create_with_identity(self, platform: str, user_id: str, new: NewMember) -> Member: ...

    def get(self, member_id: int) -> Member | None: ...

    def save(self, member: Member) -> None:
        """Store language, timezone and display name."""

    def next_number(self, member_id: int, sequence: str) -> int:
        """The next running number in `sequence` ("activity" or "goal") for this member.

        Atomic: two concurrent callers for one member never get the same number."""


class ActivityRepository(Protocol):
    def add(self, activity: Activity) -> Activity: ...

    def get(self, member_id: int, number: int) -> Activity | None: ...

    def latest(self, member_id: int) -> Activity | None:
        """The one logged last (highest number)."""

    def save(self, activity: Activity) -> None: ...

    def delete(self, member_id: int, number: int) -> bool: ...

    def list(
        self, member_id: int, flt: ActivityFilter, limit: int | None = None
    ) -> list[Activity]:
        """Newest first: by date, then by number, both descending."""

    def totals(self, member_id: int, flt: ActivityFilter) -> dict[LearningForm, tuple[int, int]]:
        """(count, minutes) per learning form for everything that matches `flt`."""

    def progress(self, member_id: int) -> dict[int, tuple[int, int]]:
        """(count, minutes) of linked activities per goal number."""

    def unlink_goal(self, member_id: int, goal_number: int) -> None: ...


class GoalRepository(Protocol):
    def add(self, goal: Goal) -> Goal: ...

    def get(self, member_id: int, number: int) -> Goal | None: ...

    def latest(self, member_id: int) -> Goal | None: ...

    def save(self, goal: Goal) -> None: ...

    def delete(self, member_id: int, number: int) -> bool: ...

    def list(self, member_id: int, status: GoalStatus | None = None) -> list[Goal]:
        """Open goals first, then by number."""


class FlowRepository(Protocol):
    def get(self, member_id: int, now: datetime) -> PendingFlow | None:
        """The member's pending flow, unless it has expired."""

    def put(self, flow: PendingFlow) -> None:
        """Replace any pending flow of this member."""

    def clear(self, member_id: int) -> None: ...

    def purge_expired(self, now: datetime) -> int: ...


class InboxRepository(Protocol):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        """Record an incoming message. False when it was processed before (a redelivery)."""

    def purge_before(self, cutoff: datetime) -> int: ...


class CommunityRepository(Protocol):
    def join(
        self,
        platform: str,
        chat_id: str,
        title: str,
        member_id: int,
        is_moderator: bool,
        now: datetime,
    ) -> None:
        """Remember a group chat and that this member takes part in it."""

    def latest_chat(self, member_id: int, platform: str) -> str | None:
        """The group chat on `platform` this member joined last, if any."""


class OutboxRepository(Protocol):
    def enqueue(self, item: NewDelivery, now: datetime) -> bool:
        """Queue a delivery. False (and nothing changes) when its key was queued before."""

    def claim(
        self, platform: str, now: datetime, limit: int, lease_until: datetime
    ) -> list[Delivery]:
        """Due pending deliveries for `platform`, oldest first, leased until `lease_until`
        so that no other process claims them meanwhile (PostgreSQL: SKIP LOCKED). A lease
        that runs out (the claimer crashed) makes the row claimable again."""

    def mark_sent(self, delivery_id: int, now: datetime) -> None: ...

    def mark_blocked(self, delivery_id: int) -> bool:
        """The private chat could not be reached. True when no other delivery to this user
        was blocked already: only then is a note in the group worth sending."""

    def retry_at(self, delivery_id: int, at: datetime) -> None:
        """Release the lease; the row is due again at `at`."""

    def unblock(self, platform: str, user_id: str, now: datetime) -> int:
        """The member can be reached again: blocked deliveries become due now."""

    def pending_count(self, platform: str | None = None) -> int: ...

    def purge_sent_before(self, cutoff: datetime) -> int: ...

    def enqueue_many(self, items: list[NewDelivery], now: datetime) -> None:
        """`enqueue` for a batch in one statement; keys queued before are skipped."""


class ReminderRepository(Protocol):
    def add(self, reminder: Reminder) -> Reminder:
        """Store a new reminder; it gets the member's next number and an id."""

    def get(self, member_id: int, number: int) -> Reminder | None: ...

    def by_id(self, reminder_id: int) -> Reminder | None: ...

    def of_member(self, member_id: int) -> list[Reminder]:
        """Active and paused ones, by number (done ones are history)."""

    def save(self, reminder: Reminder) -> None:
        """Store text, schedule, next fire time and state."""

    def delete(self, member_id: int, number: int) -> bool: ...

    def claim_due(self, now: datetime, limit: int) -> list[DueReminder]:
        """Active reminders due at `now`, oldest first, with their owner's language,
        settings and identities. Locked for this transaction (PostgreSQL: SKIP LOCKED, so a
        second dispatcher takes other rows); the caller advances them before it commits."""

    def advance(self, changes: list[tuple[int, datetime | None, ReminderState]]) -> None:
        """(id, next fire time, state) for a batch, in one statement."""

    def settings(self, member_id: int) -> ReminderSettings: ...

    def save_settings(self, settings: ReminderSettings) -> None: ...

    def nudge_targets(self) -> list[NudgeTarget]:
        """Members who opted in to at least one built-in reminder."""


@dataclass(frozen=True)
class ReviewInput:
    """A member's review of an offering; `text`/`anonymous` None keep what was there."""

    offering_id: int
    member_id: int
    rating: int
    now: datetime
    text: str | None = None
    anonymous: bool | None = None


class CatalogueRepository(Protocol):
    def import_batch(self, items: list[OfferingData], now: datetime) -> tuple[int, int]:
        """Add or update offerings by their external ref (and their providers by name);
        (added, updated). Ratings are kept."""

    def version(self) -> tuple[int, datetime | None]:
        """(highest offering id, newest change): changes whenever the catalogue does
        (offerings are added and updated, never deleted)."""

    def titles(self) -> list[tuple[int, str]]:
        """(offering id, title) of every offering, for the in-memory name index."""

    def get(self, offering_id: int) -> Offering | None: ...

    def many(self, offering_ids: list[int]) -> list[Offering]:
        """In the order asked for; unknown ids are left out."""

    def top(self, topic: str | None, limit: int) -> list[Offering]:
        """Rated offerings (on `topic`, if given), best Bayesian average first."""

    def providers(self) -> list[Provider]: ...

    def offerings_of(self, provider_id: int, limit: int) -> tuple[int, list[Offering]]:
        """(how many the provider has, the best `limit` of them)."""

    def refresh_rating(self, offering_id: int) -> None:
        """Recount the offering's rating from its visible reviews."""


class ReviewRepository(Protocol):
    def put(self, review: ReviewInput) -> tuple[Review, bool]:
        """Add or update the member's review of the offering; (review, was it new)."""

    def get(self, review_id: int) -> Review | None: ...

    def mine(self, offering_id: int, member_id: int) -> Review | None: ...

    def recent(self, offering_id: int, limit: int) -> list[Review]:
        """Visible reviews, newest first, with their author's display name."""

    def distribution(self, offering_id: int) -> Distribution: ...

    def count_since(self, member_id: int, since: datetime) -> int:
        """Reviews the member added or changed since `since` (the rate limit)."""

    def set_hidden(self, review_id: int, hidden: bool) -> bool:
        """False when the review does not exist or already was so."""

    def flag(self, review_id: int, member_id: int, reason: str, now: datetime) -> None: ...

    def log(
        self,
        moderator_id: int,
        action: ModerationAction,
        review_id: int | None,
        detail: str,
        now: datetime,
    ) -> None: ...

    def audit(self, limit: int) -> list[ModerationEntry]:
        """The moderation log, newest first."""


class ReviewRoundRepository(Protocol):
    def community_id(self, platform: str, chat_id: str) -> int | None: ...

    def open(
        self,
        community_id: int,
        offering_id: int,
        opened_by: int,
        now: datetime,
        deadline: datetime,
    ) -> int: ...

    def current(self, community_id: int, now: datetime) -> ReviewRound | None:
        """The community's open round before its deadline, if any."""

    def cut_short(self, round_id: int, now: datetime) -> bool:
        """Move an open round's deadline to `now`: the scheduler job closes it and posts
        its summary. False when it was not open."""

    def get(self, round_id: int) -> ReviewRound | None: ...

    def due(self, now: datetime, limit: int) -> list[ReviewRound]:
        """Open rounds whose deadline has passed."""

    def close(self, round_id: int, now: datetime) -> bool:
        """False when it was closed already (by a moderator or another process)."""

    def answers(self, rnd: ReviewRound, until: datetime) -> list[Review]:
        """Visible reviews of the round's offering by members of its community, added or
        changed while the round was open."""

    def member_activity_titles(self, community_id: int) -> list[tuple[int, str]]:
        """(member id, activity title) of the community's members."""

    def set_prompts(self, member_id: int, wanted: bool, now: datetime) -> None:
        """Whether the member wants private review-round prompts (default: yes)."""

    def opted_out(self, member_ids: list[int]) -> set[int]:
        """Those of `member_ids` who do not want private review-round prompts."""


class GroupPostRepository(Protocol):
    def enqueue(
        self, key: str, platform: str, chat_id: str, payload: dict[str, Any], now: datetime
    ) -> bool:
        """Queue a post for a group chat; False when `key` was queued before."""

    def pending(self, platform: str, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        """(id, chat id, payload), oldest first."""

    def mark_sent(self, post_id: int, now: datetime) -> None: ...


class SuggestionRepository(Protocol):
    def add(self, member_id: int, title: str, provider: str, url: str, now: datetime) -> int: ...

    def get(self, suggestion_id: int) -> Suggestion | None: ...

    def pending(self, limit: int) -> list[Suggestion]:
        """Oldest first."""

    def decide(
        self, suggestion_id: int, state: SuggestionState, moderator_id: int, now: datetime
    ) -> bool:
        """False when it was decided already."""


class UnitOfWork(Protocol):
    """The repositories of one transaction."""

    members: MemberRepository
    activities: ActivityRepository
    goals: GoalRepository
    flows: FlowRepository
    inbox: InboxRepository
    communities: CommunityRepository
    outbox: OutboxRepository
    reminders: ReminderRepository

    catalogue: CatalogueRepository
    reviews: ReviewRepository
    rounds: ReviewRoundRepository
    group_posts: GroupPostRepository
    suggestions: SuggestionRepository


class Store(Protocol):
    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` as one transaction: commit when it returns, roll back when it raises."""

    async def close(self) -> None: ...

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

    from bot.domain.activities import Activity, ActivityKind, LearningForm
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


class Store(Protocol):
    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` as one transaction: commit when it returns, roll back when it raises."""

    async def close(self) -> None: ...

"""The unit of work (one transaction) and the store that runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.services.ports.activities import ActivityRepository
    from bot.services.ports.catalogue import CatalogueRepository
    from bot.services.ports.communities import CommunityRepository
    from bot.services.ports.drafts import DraftRepository
    from bot.services.ports.flows import FlowRepository
    from bot.services.ports.goals import GoalRepository
    from bot.services.ports.group_posts import GroupPostRepository
    from bot.services.ports.inbox import InboxRepository
    from bot.services.ports.introductions import IntroductionRepository
    from bot.services.ports.linking import LinkRepository
    from bot.services.ports.members import MemberRepository
    from bot.services.ports.outbox import OutboxRepository
    from bot.services.ports.photos import PhotoRepository
    from bot.services.ports.portability import PortabilityRepository
    from bot.services.ports.profiles import ProfileRepository, SearchRepository
    from bot.services.ports.reminders import ReminderRepository
    from bot.services.ports.reviews import ReviewRepository
    from bot.services.ports.rounds import ReviewRoundRepository
    from bot.services.ports.suggestions import SuggestionRepository
    from bot.services.ports.undo import UndoJournal

T = TypeVar("T")


class UnitOfWork(Protocol):
    """The repositories of one transaction."""

    members: MemberRepository
    activities: ActivityRepository
    goals: GoalRepository
    flows: FlowRepository
    drafts: DraftRepository
    undo: UndoJournal
    inbox: InboxRepository
    communities: CommunityRepository
    outbox: OutboxRepository
    reminders: ReminderRepository

    catalogue: CatalogueRepository
    reviews: ReviewRepository
    rounds: ReviewRoundRepository
    group_posts: GroupPostRepository
    suggestions: SuggestionRepository
    portability: PortabilityRepository

    profiles: ProfileRepository
    search: SearchRepository
    photos: PhotoRepository

    linking: LinkRepository

    introductions: IntroductionRepository


class Store(Protocol):
    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` as one transaction: commit when it returns, roll back when it raises."""

    async def close(self) -> None: ...

"""Synchronous repositories over one SQLAlchemy Connection in a transaction: the UnitOfWork."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.repositories.activities import SqlActivityRepository
from storage.repositories.catalogue import SqlCatalogueRepository
from storage.repositories.communities import SqlCommunityRepository
from storage.repositories.flows import SqlFlowRepository
from storage.repositories.goals import SqlGoalRepository
from storage.repositories.group_posts import SqlGroupPostRepository
from storage.repositories.inbox import SqlInboxRepository
from storage.repositories.introductions import SqlIntroductionRepository
from storage.repositories.linking import SqlLinkRepository
from storage.repositories.members import SqlMemberRepository
from storage.repositories.outbox import SqlOutboxRepository
from storage.repositories.photos import SqlPhotoRepository
from storage.repositories.privacy import SqlPortabilityRepository
from storage.repositories.profiles import SqlProfileRepository, SqlSearchRepository
from storage.repositories.reminders import SqlReminderRepository
from storage.repositories.reviews import SqlReviewRepository
from storage.repositories.rounds import SqlReviewRoundRepository
from storage.repositories.suggestions import SqlSuggestionRepository
from storage.repositories.undo import SqlDraftRepository, SqlUndoJournal

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from bot.services.ports import (
        ActivityRepository,
        CatalogueRepository,
        CommunityRepository,
        DraftRepository,
        FlowRepository,
        GoalRepository,
        GroupPostRepository,
        InboxRepository,
        IntroductionRepository,
        LinkRepository,
        MemberRepository,
        OutboxRepository,
        PhotoRepository,
        PortabilityRepository,
        ProfileRepository,
        ReminderRepository,
        ReviewRepository,
        ReviewRoundRepository,
        SearchRepository,
        SuggestionRepository,
        UndoJournal,
    )

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork:
    """Implements bot.services.ports.UnitOfWork for the transaction `connection` is in."""

    def __init__(self, connection: Connection) -> None:
        # Annotated with the ports' protocols: the port declares plain (invariant)
        # attributes, and this makes mypy check each repository against its protocol.
        self.members: MemberRepository = SqlMemberRepository(connection)
        self.activities: ActivityRepository = SqlActivityRepository(connection)
        self.goals: GoalRepository = SqlGoalRepository(connection)
        self.flows: FlowRepository = SqlFlowRepository(connection)
        self.drafts: DraftRepository = SqlDraftRepository(connection)
        self.undo: UndoJournal = SqlUndoJournal(connection)
        self.inbox: InboxRepository = SqlInboxRepository(connection)
        self.communities: CommunityRepository = SqlCommunityRepository(connection)
        self.outbox: OutboxRepository = SqlOutboxRepository(connection)
        self.reminders: ReminderRepository = SqlReminderRepository(connection)

        self.catalogue: CatalogueRepository = SqlCatalogueRepository(connection)
        self.reviews: ReviewRepository = SqlReviewRepository(connection)
        self.rounds: ReviewRoundRepository = SqlReviewRoundRepository(connection)
        self.group_posts: GroupPostRepository = SqlGroupPostRepository(connection)
        self.suggestions: SuggestionRepository = SqlSuggestionRepository(connection)
        self.portability: PortabilityRepository = SqlPortabilityRepository(connection)

        self.profiles: ProfileRepository = SqlProfileRepository(connection)
        self.search: SearchRepository = SqlSearchRepository(connection)
        self.photos: PhotoRepository = SqlPhotoRepository(connection)

        self.linking: LinkRepository = SqlLinkRepository(connection)

        self.introductions: IntroductionRepository = SqlIntroductionRepository(connection)

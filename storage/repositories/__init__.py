"""Synchronous repositories over one SQLAlchemy Session: the store's UnitOfWork."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.repositories.activities import SqlActivityRepository
from storage.repositories.flows import (
    SqlCommunityRepository,
    SqlFlowRepository,
    SqlInboxRepository,
)
from storage.repositories.goals import SqlGoalRepository
from storage.repositories.members import SqlMemberRepository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.services.ports import (
        ActivityRepository,
        CommunityRepository,
        FlowRepository,
        GoalRepository,
        InboxRepository,
        MemberRepository,
    )

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork:
    """Implements bot.services.ports.UnitOfWork for the transaction `session` is in."""

    def __init__(self, session: Session) -> None:
        # Annotated with the ports' protocols: the port declares plain (invariant)
        # attributes, and this makes mypy check each repository against its protocol.
        self.members: MemberRepository = SqlMemberRepository(session)
        self.activities: ActivityRepository = SqlActivityRepository(session)
        self.goals: GoalRepository = SqlGoalRepository(session)
        self.flows: FlowRepository = SqlFlowRepository(session)
        self.inbox: InboxRepository = SqlInboxRepository(session)
        self.communities: CommunityRepository = SqlCommunityRepository(session)

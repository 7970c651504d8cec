"""What the core needs from a store. `storage/` implements these; the core never imports it.

A unit of work is one transaction. Its repositories are *synchronous*: a store runs the
whole unit of work as one call — for SQLite in one hop to the database thread, for
PostgreSQL through SQLAlchemy's ``run_sync`` on the async driver. One hop per command is
what makes the core fast on SQLite (see README, "Design notes").

One module per capability; everything is re-exported here."""

from __future__ import annotations

from bot.services.ports.activities import ActivityFilter, ActivityRepository
from bot.services.ports.catalogue import CatalogueRepository
from bot.services.ports.communities import CommunityRepository
from bot.services.ports.drafts import DraftRepository
from bot.services.ports.flows import FlowRepository
from bot.services.ports.goals import GoalRepository
from bot.services.ports.group_posts import GroupPostRepository
from bot.services.ports.inbox import InboxRepository
from bot.services.ports.introductions import IntroductionRepository
from bot.services.ports.linking import LinkCode, LinkedIdentity, LinkRepository, MergeResult
from bot.services.ports.members import MemberRepository, NewMember
from bot.services.ports.outbox import NewDelivery, OutboxRepository
from bot.services.ports.photos import PhotoRepository
from bot.services.ports.portability import PortabilityRepository
from bot.services.ports.profiles import (
    IndexedTerm,
    ProfileRepository,
    SearchRepository,
)
from bot.services.ports.reminders import ReminderRepository
from bot.services.ports.reviews import ReviewInput, ReviewRepository
from bot.services.ports.rounds import ReviewRoundRepository
from bot.services.ports.suggestions import SuggestionRepository
from bot.services.ports.undo import UndoJournal
from bot.services.ports.unit_of_work import Store, UnitOfWork

__all__ = [
    "ActivityFilter",
    "ActivityRepository",
    "CatalogueRepository",
    "CommunityRepository",
    "DraftRepository",
    "FlowRepository",
    "GoalRepository",
    "GroupPostRepository",
    "InboxRepository",
    "IndexedTerm",
    "IntroductionRepository",
    "LinkCode",
    "LinkRepository",
    "LinkedIdentity",
    "MemberRepository",
    "MergeResult",
    "NewDelivery",
    "NewMember",
    "OutboxRepository",
    "PhotoRepository",
    "PortabilityRepository",
    "ProfileRepository",
    "ReminderRepository",
    "ReviewInput",
    "ReviewRepository",
    "ReviewRoundRepository",
    "SearchRepository",
    "Store",
    "SuggestionRepository",
    "UndoJournal",
    "UnitOfWork",
]

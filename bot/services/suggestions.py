"""Use cases for suggestions: a member proposes a missing offering; an operator approves
(it joins the shared catalogue) or rejects it, and the member hears so privately.

The catalogue is shared by every community, so deciding is catalogue-wide moderation:
operators only (PORTFOLIOBOT_ADMINS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.domain.catalogue import MAX_REASON, ModerationAction, OfferingData, SuggestionState
from bot.services.errors import PublicError, ServiceError
from bot.services.private_messages import PrivateMessage, queue_private

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from bot.domain.catalogue import Suggestion
    from bot.services.moderation import Moderator
    from bot.services.ports import UnitOfWork

MAX_TITLE = 300
MAX_PROVIDER = 200
LIST_LIMIT = 20


@dataclass(frozen=True)
class SuggestOffering:
    member_id: int
    title: str
    provider: str
    url: str
    now: datetime


@dataclass(frozen=True)
class DecideSuggestion:
    """Approve (`state` APPROVED) or reject a suggestion, telling its author privately.

    `note(language, key, params)` renders the author's note as a stored message: the
    service decides what is said and to whom, the caller how it looks."""

    moderator: Moderator
    number: int
    state: SuggestionState
    reason: str
    now: datetime
    platform: str
    unknown_provider: str
    note: Callable[[str, str, dict[str, Any]], dict[str, Any]]


def suggest_offering(cmd: SuggestOffering, uow: UnitOfWork) -> int:
    if len(cmd.title) > MAX_TITLE or len(cmd.provider) > MAX_PROVIDER:
        raise ServiceError("suggest.too_long", max=MAX_TITLE)
    return uow.suggestions.add(cmd.member_id, cmd.title, cmd.provider, cmd.url, cmd.now)


def _require_operator(moderator: Moderator) -> None:
    if not moderator.is_operator:
        raise PublicError("moderation.operators_only")


def pending_suggestions(moderator: Moderator, uow: UnitOfWork) -> list[Suggestion]:
    _require_operator(moderator)
    return uow.suggestions.pending(LIST_LIMIT)


def decide_suggestion(cmd: DecideSuggestion, uow: UnitOfWork) -> Suggestion:
    _require_operator(cmd.moderator)
    item = uow.suggestions.get(cmd.number)
    if item is None:
        raise PublicError("suggest.unknown", id=cmd.number)
    if not uow.suggestions.decide(cmd.number, cmd.state, cmd.moderator.member_id, cmd.now):
        raise PublicError("suggest.decided_already", id=cmd.number)
    if cmd.state is SuggestionState.APPROVED:
        offering = OfferingData(
            ref=f"suggestie-{cmd.number}",
            title=item.title,
            provider=item.provider or cmd.unknown_provider,
            url=item.url,
        )
        uow.catalogue.import_batch([offering], cmd.now)
        action, detail = ModerationAction.APPROVE, item.title
        key, params = "suggest.approved_note", {"title": item.title}
    else:
        action = ModerationAction.REJECT
        detail = f"{item.title}: {cmd.reason}" if cmd.reason else item.title
        key, params = "suggest.rejected_note", {"title": item.title, "reason": cmd.reason or "—"}
    uow.reviews.log(cmd.moderator.member_id, action, None, detail[:MAX_REASON], cmd.now)
    author = uow.members.get(item.member_id)
    if author is not None:
        message = PrivateMessage(
            author.id,
            f"suggestion:{cmd.number}",
            cmd.note(author.language, key, params),
        )
        queue_private(uow, message, cmd.now)
    return item

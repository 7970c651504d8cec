"""Use cases for reviews: rate an offering, report a review, and — for moderators — hide,
unhide and read the moderation log, each scoped as bot.services.moderation says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.catalogue import (
    MAX_REASON,
    MAX_REVIEW_TEXT,
    REVIEWS_PER_HOUR,
    ModerationAction,
)
from bot.services.errors import NotFound, PublicError, ServiceError
from bot.services.ports import ReviewInput

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import ModerationEntry, Review
    from bot.services.moderation import Moderator
    from bot.services.ports import UnitOfWork

AUDIT_LIMIT = 20


@dataclass(frozen=True)
class RateOffering:
    """Add or change the member's review; `text`/`anonymous` None keep what was there."""

    member_id: int
    offering_id: int
    rating: int
    now: datetime
    text: str | None = None
    anonymous: bool | None = None


@dataclass(frozen=True)
class Rated:
    review: Review
    new: bool


@dataclass(frozen=True)
class FlagReview:
    member_id: int
    review_id: int
    reason: str
    now: datetime
    community_id: int | None = None  # where it was reported; None: privately


@dataclass(frozen=True)
class HideReview:
    moderator: Moderator
    review_id: int
    hidden: bool  # False: unhide
    reason: str
    now: datetime


def rate_offering(cmd: RateOffering, uow: UnitOfWork) -> Rated:
    """Store the review. A new review counts against the hourly limit; a change does not."""
    if cmd.text is not None and len(cmd.text) > MAX_REVIEW_TEXT:
        raise ServiceError("review.too_long", length=len(cmd.text), max=MAX_REVIEW_TEXT)
    if uow.catalogue.get(cmd.offering_id) is None:
        raise NotFound("flow.expired")
    if uow.reviews.mine(cmd.offering_id, cmd.member_id) is None:
        since = cmd.now - timedelta(hours=1)
        if uow.reviews.count_since(cmd.member_id, since) >= REVIEWS_PER_HOUR:
            raise ServiceError("review.rate_limited", n=REVIEWS_PER_HOUR)
    review, new = uow.reviews.put(
        ReviewInput(
            cmd.offering_id, cmd.member_id, cmd.rating, cmd.now, cmd.text, cmd.anonymous
        )
    )
    uow.catalogue.refresh_rating(cmd.offering_id)
    return Rated(review, new)


def flag_review(cmd: FlagReview, uow: UnitOfWork) -> None:
    """A report goes to the moderators of the community it was made in (and operators)."""
    if len(cmd.reason) > MAX_REASON:
        raise ServiceError("flag.reason_too_long", max=MAX_REASON)
    if uow.reviews.get(cmd.review_id) is None:
        raise PublicError("review.unknown", id=cmd.review_id)
    uow.reviews.flag(cmd.review_id, cmd.member_id, cmd.reason, cmd.now, cmd.community_id)
    uow.reviews.log(
        cmd.member_id,
        ModerationAction.FLAG,
        cmd.review_id,
        cmd.reason,
        cmd.now,
        cmd.community_id,
    )


def may_moderate(uow: UnitOfWork, moderator: Moderator, review: Review, hidden: bool) -> bool:
    """A community moderator hides only reviews by their community's members, and unhides
    only what their community hid; an operator may do either with any review."""
    community = moderator.community_id
    if community is None:
        return True
    if not uow.communities.has_member(community, review.member_id):
        return False
    return hidden or uow.reviews.hidden_in(review.id) == community


def hide_review(cmd: HideReview, uow: UnitOfWork) -> Review:
    review = uow.reviews.get(cmd.review_id)
    if review is None or not may_moderate(uow, cmd.moderator, review, cmd.hidden):
        # Not one of theirs looks the same as not there: nothing leaks about other groups.
        raise PublicError("review.not_yours", id=cmd.review_id)
    if not uow.reviews.set_hidden(review.id, cmd.hidden):
        raise PublicError("hide.already" if cmd.hidden else "unhide.already", id=review.id)
    uow.catalogue.refresh_rating(review.offering_id)
    action = ModerationAction.HIDE if cmd.hidden else ModerationAction.UNHIDE
    uow.reviews.log(
        cmd.moderator.member_id,
        action,
        review.id,
        cmd.reason[:MAX_REASON],
        cmd.now,
        cmd.moderator.community_id,
    )
    return review


def moderation_log(moderator: Moderator, uow: UnitOfWork) -> list[ModerationEntry]:
    """What the moderator may see: their community's entries (its reports included);
    everything for an operator."""
    return uow.reviews.audit(AUDIT_LIMIT, moderator.community_id)

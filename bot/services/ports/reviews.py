"""Reviews of offerings, reports and the moderation log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import (
        Distribution,
        ModerationAction,
        ModerationEntry,
        Review,
    )


@dataclass(frozen=True)
class ReviewInput:
    """A member's review of an offering; `text`/`anonymous` None keep what was there."""

    offering_id: int
    member_id: int
    rating: int
    now: datetime
    text: str | None = None
    anonymous: bool | None = None


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

    def flag(
        self,
        review_id: int,
        member_id: int,
        reason: str,
        now: datetime,
        community_id: int | None = None,
    ) -> None:
        """A report; `community_id`: the group it was made in (None: privately)."""

    def log(
        self,
        moderator_id: int,
        action: ModerationAction,
        review_id: int | None,
        detail: str,
        now: datetime,
        community_id: int | None = None,
    ) -> None:
        """Who did what (`moderator_id`, `action`), where (`community_id`; None: an
        operator's catalogue-wide action or a private report)."""

    def hidden_in(self, review_id: int) -> int | None:
        """The community whose moderator hid the review last; None when an operator did
        (or nobody)."""

    def audit(self, limit: int, community_id: int | None = None) -> list[ModerationEntry]:
        """The moderation log, newest first: everything (`community_id` None, for
        operators), or only what happened in one community."""

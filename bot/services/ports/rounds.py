"""Review rounds run by a community's moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import (
        Review,
        ReviewRound,
    )


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

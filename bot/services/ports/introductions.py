"""Introduction requests (/intro)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.introductions import Introduction, IntroState


class IntroductionRepository(Protocol):
    def add(
        self,
        asker_id: int,
        target_id: int | None,
        target_name: str,
        platform: str,
        message: str | None,
        state: IntroState,
        now: datetime,
        expires_at: datetime,
    ) -> int: ...

    def get(self, intro_id: int) -> Introduction | None: ...

    def load(self, asker_id: int, now: datetime, since: datetime) -> tuple[int, int]:
        """(requests without a yes that have not expired, requests made since `since`)."""

    def pending(
        self, asker_id: int, target_id: int | None, target_name: str, now: datetime
    ) -> Introduction | None:
        """The asker's unexpired request without a yes to this member (`target_id`), or, for
        an unsent one, to this name."""

    def blocked(self, asker_id: int, target_id: int) -> bool:
        """Whether the target said "no, and don't ask again" to this asker."""

    def answer(self, intro_id: int, state: IntroState, now: datetime) -> bool:
        """Record the target's answer; False when it was answered already or expired."""

    def waiting(self, asker_id: int, now: datetime) -> list[Introduction]:
        """The asker's unexpired requests without a yes, oldest first."""

"""Members' suggestions for the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import (
        Suggestion,
        SuggestionState,
    )


class SuggestionRepository(Protocol):
    def add(self, member_id: int, title: str, provider: str, url: str, now: datetime) -> int: ...

    def get(self, suggestion_id: int) -> Suggestion | None: ...

    def pending(self, limit: int) -> list[Suggestion]:
        """Oldest first."""

    def decide(
        self, suggestion_id: int, state: SuggestionState, moderator_id: int, now: datetime
    ) -> bool:
        """False when it was decided already."""

"""Open questions set aside, to be finished later (bot.chat.drafts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.domain.flows import Draft


class DraftRepository(Protocol):
    def add(self, draft: Draft) -> Draft: ...

    def get(self, member_id: int, draft_id: int) -> Draft | None: ...

    def of_member(self, member_id: int) -> list[Draft]:
        """Oldest first."""

    def remove(self, member_id: int, draft_id: int) -> bool: ...

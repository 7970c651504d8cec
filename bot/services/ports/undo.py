"""Each member's last change, to undo it (bot.domain.undo)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.domain.undo import Change


class UndoJournal(Protocol):
    def put(self, change: Change) -> None:
        """Replace the member's last change by `change`."""

    def get(self, member_id: int) -> Change | None: ...

    def clear(self, member_id: int) -> None: ...

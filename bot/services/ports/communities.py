"""Group chats (communities) and who takes part in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class CommunityRepository(Protocol):
    def join(
        self,
        platform: str,
        chat_id: str,
        title: str,
        member_id: int,
        is_moderator: bool,
        now: datetime,
    ) -> None:
        """Remember a group chat and that this member takes part in it."""

    def latest_chat(self, member_id: int, platform: str) -> str | None:
        """The group chat on `platform` this member joined last, if any."""

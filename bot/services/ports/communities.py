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
    ) -> int:
        """Remember a group chat and that this member takes part in it; the community's id.
        `is_moderator` is what the platform told at once (it may not have been asked)."""

    def latest_chat(self, member_id: int, platform: str) -> str | None:
        """The group chat on `platform` this member joined last, if any."""

    def has_member(self, community_id: int, member_id: int) -> bool:
        """Whether the member ever wrote in the community's group chat."""

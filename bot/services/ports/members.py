"""Members: who someone is on each platform, and their running numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.members import Member


@dataclass(frozen=True)
class NewMember:
    """Defaults for a member created on first contact."""

    display_name: str
    language: str
    timezone: str
    now: datetime


class MemberRepository(Protocol):
    def by_identity(self, platform: str, user_id: str) -> Member | None: ...

    def identities(self, member_id: int) -> list[tuple[str, str]]:
        """(platform, user id) of every identity of the member, oldest first."""

    def set_handle(self, platform: str, user_id: str, handle: str) -> None:
        """Remember how others reach this identity (opaque, from the adapter)."""

    def by_handle(self, platform: str, handle: str) -> Member | None:
        """The member whose identity on `platform` has this handle (a name mentioned)."""

    def handles(self, member_id: int) -> list[tuple[str, str]]:
        """(platform, handle) of every identity of the member that has one, oldest first."""

    def create_with_identity(self, platform: str, user_id: str, new: NewMember) -> Member: ...

    def get(self, member_id: int) -> Member | None: ...

    def save(self, member: Member) -> None:
        """Store language, timezone and display name."""

    def next_number(self, member_id: int, sequence: str) -> int:
        """The next running number in `sequence` ("activity" or "goal") for this member.

        Atomic: two concurrent callers for one member never get the same number."""

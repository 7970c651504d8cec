"""Linking: one portfolio reached from several platform identities (/koppel)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime


@dataclass(frozen=True)
class LinkCode:
    id: int
    member_id: int
    platform: str  # the identity that asked for it
    user_id: str
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class LinkedIdentity:
    platform: str
    user_id: str
    created_at: datetime
    last_private_at: datetime | None
    preferred: bool


@dataclass
class MergeResult:
    """What a merge did: rows moved per table, rows dropped per table with the reason in
    the merge rules, the profile fields whose two values differed (the newer was kept),
    and the offerings whose rating must be recounted."""

    moved: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    profile_conflicts: list[str] = field(default_factory=list)
    offerings: list[int] = field(default_factory=list)


class LinkRepository(Protocol):
    def add_code(
        self,
        member_id: int,
        platform: str,
        user_id: str,
        code_hash: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """Store a new code; earlier unused codes of the same identity stop working."""

    def find_code(self, code_hash: str) -> LinkCode | None: ...

    def use_code(self, code_id: int, now: datetime) -> bool:
        """Mark a code used; False when it was used already (a race)."""

    def failed_attempts(self, member_id: int, since: datetime) -> list[datetime]:
        """When the member entered a wrong code since `since`, oldest first."""

    def record_attempt(self, member_id: int, now: datetime) -> None: ...

    def identities(self, member_id: int) -> list[LinkedIdentity]:
        """The member's identities, oldest first."""

    def reach(self, member_id: int) -> list[tuple[str, str]]:
        """(platform, user id) in the order private messages should try them: the chosen
        identity, then the one used privately last, then the oldest."""

    def touch_private(self, platform: str, user_id: str, now: datetime) -> None:
        """The member just wrote privately from this identity: messages blocked on their
        other identities (a private chat that could not be reached) move here, still
        blocked, for the caller to unblock."""

    def set_preferred(self, member_id: int, platform: str | None, user_id: str | None) -> None:
        """Choose the identity for private messages (None: the one used last)."""

    def merge(self, survivor: int, absorbed: int) -> MergeResult:
        """Move everything of member `absorbed` into member `survivor` and delete the
        absorbed member, following the merge rules (storage.repositories.linking)."""

    def split(self, platform: str, user_id: str, now: datetime) -> int:
        """Move one identity off its member to a fresh, empty member; its id."""

    def has_data(self, member_id: int) -> dict[str, int]:
        """Rows of the member's own data per table (bookkeeping left out); empty: none."""

"""Profiles and the expertise search index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from bot.domain.activities import Visibility
    from bot.domain.profiles import Profile, ProfileField


@dataclass(frozen=True)
class IndexedTerm:
    """One search term of a member, visible to `visibility` (community or public)."""

    term: str
    visibility: Visibility
    weight: float


@dataclass(frozen=True)
class TermHit:
    member_id: int
    term: str
    weight: float


class ProfileRepository(Protocol):
    def get(self, member_id: int) -> Profile | None:
        """The member's profile (empty when nothing was set); None: no such member."""

    def set_value(
        self, member_id: int, field: ProfileField, value: str | None, now: datetime
    ) -> None:
        """Store (or clear, with None) a field's value; its visibility stays as it was."""

    def set_visibility(
        self, member_id: int, fields: Iterable[ProfileField], visibility: Visibility, now: datetime
    ) -> None: ...

    def members_named(self, name: str) -> list[int]:
        """Members whose display name or profile name is `name` (case-insensitive)."""

    def share_a_community(self, member_id: int, other_id: int) -> bool:
        """Whether both take part in a group chat that the bot knows of."""


class SearchRepository(Protocol):
    def replace(self, member_id: int, terms: Iterable[IndexedTerm]) -> None:
        """The member's terms become `terms`; new terms join the vocabulary."""

    def known(self, terms: Iterable[str]) -> set[str]:
        """Those of `terms` that some member has."""

    def vocabulary(self, prefix: str) -> list[str]:
        """Every known term starting with `prefix` (for near misses)."""

    def hits(self, terms: Iterable[str], asker_id: int) -> list[TermHit]:
        """Every (member, term) among `terms` that the asker may see: public terms, and
        community terms of members sharing a group with the asker; never the asker's own.
        The weight is the highest of that member's visible ones for the term."""

"""Profiles and the expertise search index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

    from bot.domain.activities import Visibility
    from bot.domain.profiles import Profile, ProfileField


@dataclass(frozen=True)
class IndexedTerm:
    """One search term of a member, visible to `visibility` (community or public)."""

    term: str
    visibility: Visibility
    weight: int


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

    def get_many(self, member_ids: Sequence[int]) -> dict[int, Profile]: ...

    def peers_among(self, member_id: int, others: Sequence[int]) -> set[int]:
        """Those of `others` who share a group chat with the member."""


class SearchRepository(Protocol):
    def replace_many(self, terms: Mapping[int, Iterable[IndexedTerm]]) -> None:
        """Each member's terms become the given ones; new terms join the vocabulary."""

    def known(self, terms: Iterable[str]) -> set[str]:
        """Those of `terms` that some member has."""

    def mark(self, member_ids: Iterable[int]) -> None:
        """Remember that these members' terms must be rebuilt (claim_marked hands them out)."""

    def claim_marked(self, limit: int) -> list[int]:
        """Up to `limit` marked members, lowest id first, their marks deleted in this
        transaction; a mark another transaction is claiming at the same time is skipped,
        so concurrent claimers never get the same member."""

    def vocabulary(self, prefix: str) -> list[str]:
        """Every known term starting with `prefix` (for near misses)."""

    def tops(
        self, terms: Sequence[str], asker_id: int, depth: int
    ) -> dict[str, list[tuple[int, int]]]:
        """Per term, its first `depth` rows the asker may see (as in `rank`) as (member,
        weight): the best weight first, then the highest member id. Every term is a key."""

    def weights(
        self, terms: Sequence[str], member_ids: Sequence[int], asker_id: int
    ) -> dict[tuple[int, str], int]:
        """(member, term) -> the member's best weight for the term that the asker may see,
        for these members and terms (pairs without one are left out)."""

    def rank(
        self, concepts: Sequence[Mapping[str, int]], asker_id: int, limit: int
    ) -> list[tuple[int, tuple[int, ...]]]:
        """The best `limit` members for the concepts (each: term -> quality), with each
        concept's best quality × weight among the member's terms the asker may see: public
        ones, and community ones of members sharing a group with the asker; never the
        asker's own. Ordered by their sum (descending), then member id (highest first)."""

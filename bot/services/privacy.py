"""The member's rights over their data (AVG/GDPR): what is stored, and erasure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class ForgetMember:
    """Erase everything about the member. `keep_reviews`: their reviews of offerings
    stay, anonymous and unlinked; otherwise they are deleted too."""

    member_id: int
    keep_reviews: bool
    now: datetime


@dataclass(frozen=True)
class StoredData:
    counts: dict[str, int]  # rows per table that name the member
    accounts: list[tuple[str, str]]  # (platform, user id)


def stored_data(uow: UnitOfWork, member_id: int) -> StoredData:
    return StoredData(uow.portability.counts(member_id), uow.members.identities(member_id))


def forget_member(cmd: ForgetMember, uow: UnitOfWork) -> dict[str, int]:
    """Rows erased (or made anonymous) per table. Offerings the member reviewed get their
    rating recounted, so a deleted review no longer counts."""
    reviewed = uow.portability.reviewed_offerings(cmd.member_id)
    erased = uow.portability.erase(cmd.member_id, cmd.keep_reviews, cmd.now)
    for offering_id in sorted(set(reviewed)):
        uow.catalogue.refresh_rating(offering_id)
    return erased

"""Use cases for profiles: set or clear a field, share fields, look someone up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.profiles import InvalidProfile, Profile, ProfileField, Relation, clean_value
from bot.services.errors import ServiceError
from bot.services.search import reindex_member

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.activities import Visibility
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class SetProfileField:
    member_id: int
    field: ProfileField
    value: str
    now: datetime


@dataclass(frozen=True)
class ClearProfileField:
    member_id: int
    field: ProfileField
    now: datetime


@dataclass(frozen=True)
class ShareProfileFields:
    member_id: int
    fields: tuple[ProfileField, ...]
    visibility: Visibility
    now: datetime


@dataclass(frozen=True)
class ViewProfile:
    asker_id: int
    name: str


@dataclass(frozen=True)
class SeenProfile:
    """What the asker may see of someone's profile."""

    name: str
    fields: dict[ProfileField, str]


def own_profile(uow: UnitOfWork, member_id: int) -> Profile:
    profile = uow.profiles.get(member_id)
    assert profile is not None, "a member who sends a message exists"
    return profile


def set_field(cmd: SetProfileField, uow: UnitOfWork) -> str:
    try:
        value = clean_value(cmd.field, cmd.value)
    except InvalidProfile as error:
        raise ServiceError(error.reason) from None
    uow.profiles.set_value(cmd.member_id, cmd.field, value, cmd.now)
    reindex_member(uow, cmd.member_id)
    return value


def clear_field(cmd: ClearProfileField, uow: UnitOfWork) -> bool:
    """Whether there was something to clear."""
    had = cmd.field in own_profile(uow, cmd.member_id).values
    if had:
        uow.profiles.set_value(cmd.member_id, cmd.field, None, cmd.now)
        reindex_member(uow, cmd.member_id)
    return had


def share_fields(cmd: ShareProfileFields, uow: UnitOfWork) -> Profile:
    uow.profiles.set_visibility(cmd.member_id, cmd.fields, cmd.visibility, cmd.now)
    reindex_member(uow, cmd.member_id)
    return own_profile(uow, cmd.member_id)


def relation(uow: UnitOfWork, asker_id: int, owner_id: int) -> Relation:
    if asker_id == owner_id:
        return Relation.OWNER
    if uow.profiles.share_a_community(asker_id, owner_id):
        return Relation.COMMUNITY
    return Relation.STRANGER


def seen_by(uow: UnitOfWork, asker_id: int, member_id: int) -> SeenProfile | None:
    profile = uow.profiles.get(member_id)
    if profile is None:
        return None
    rel = relation(uow, asker_id, member_id)
    return SeenProfile(profile.shown_name(rel), profile.visible_to(rel))


def seen_by_many(uow: UnitOfWork, asker_id: int, member_ids: list[int]) -> dict[int, SeenProfile]:
    """seen_by for several members in three statements (search results)."""
    profiles = uow.profiles.get_many(member_ids)
    peers = uow.profiles.peers_among(asker_id, member_ids)
    seen: dict[int, SeenProfile] = {}
    for member_id, profile in profiles.items():
        if member_id == asker_id:
            rel = Relation.OWNER
        else:
            rel = Relation.COMMUNITY if member_id in peers else Relation.STRANGER
        seen[member_id] = SeenProfile(profile.shown_name(rel), profile.visible_to(rel))
    return seen


def view_profile(cmd: ViewProfile, uow: UnitOfWork) -> list[SeenProfile]:
    """The profiles called `name` that show the asker something. A member who shows the
    asker nothing is left out exactly like a name nobody has: the answer never tells
    whether someone uses the bot."""
    name = cmd.name.strip().lstrip("@").strip()
    seen: list[SeenProfile] = []
    for member_id in uow.profiles.members_named(name) if name else []:
        one = seen_by(uow, cmd.asker_id, member_id)
        if one is not None and one.fields:
            seen.append(one)
    return seen

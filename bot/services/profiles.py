"""Use cases for profiles: set or clear a field, share fields, goals and activities, look
someone up. Every change is journalled, so /ongedaan (/undo) puts it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.domain.activities import Visibility
from bot.domain.profiles import (
    InvalidProfile,
    Profile,
    ProfileField,
    Relation,
    can_see,
    clean_value,
)
from bot.services.colleagues import member_named
from bot.services.errors import NotFound, ServiceError
from bot.services.ports import ActivityFilter
from bot.services.search import reindex_member
from bot.services.undo import record_profile

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.activities import Activity
    from bot.domain.goals import Goal
    from bot.services.colleagues import Named
    from bot.services.ports import UnitOfWork

# How much of someone's shared goals and activities /profiel @naam shows.
SHOWN_GOALS = 10
SHOWN_ACTIVITIES = 10
_SCANNED_ACTIVITIES = 200


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
    # False when this completes the change just journalled (a guided edit's visibility
    # question): /ongedaan then undoes the value and its visibility together.
    journal: bool = True


@dataclass(frozen=True)
class ShareItems:
    """/delen of profile fields, goals and activities at once: named by number, or all."""

    member_id: int
    visibility: Visibility
    now: datetime
    fields: tuple[ProfileField, ...] = ()
    goals: tuple[int, ...] = ()
    activities: tuple[int, ...] = ()
    all_goals: bool = False
    all_activities: bool = False

    @property
    def bulk(self) -> bool:
        return self.all_goals or self.all_activities


@dataclass(frozen=True)
class SharedItems:
    """What a ShareItems named (changed or already so)."""

    fields: tuple[ProfileField, ...]
    goals: list[Goal]
    activities: list[Activity]
    changed: bool = True  # False: everything named was so already


@dataclass(frozen=True)
class SharingOverview:
    profile: Profile
    goals: dict[Visibility, int]
    activities: dict[Visibility, int]


@dataclass(frozen=True)
class ViewProfile:
    """/profiel @naam: by the name typed, or by whom the platform pointed at (`named`, on
    `platform`: a mention, the author of the message replied to). A pointed-at colleague the
    bot does not know is looked up by the name typed, if any (an @username nobody has)."""

    asker_id: int
    name: str
    named: Named | None = None
    platform: str = ""


@dataclass(frozen=True)
class SeenProfile:
    """What the asker may see of someone's profile."""

    name: str
    fields: dict[ProfileField, str]
    goals: tuple[Goal, ...] = field(default=())
    activities: tuple[Activity, ...] = field(default=())
    member_id: int = 0  # set by view_profile: whose photo goes with it

    @property
    def shows_anything(self) -> bool:
        return bool(self.fields or self.goals or self.activities)


def own_profile(uow: UnitOfWork, member_id: int) -> Profile:
    profile = uow.profiles.get(member_id)
    assert profile is not None, "a member who sends a message exists"
    return profile


def _fields_before(profile: Profile, fields: tuple[ProfileField, ...]) -> dict[str, Any]:
    return {
        f.value: {
            "value": profile.values.get(f),
            "visibility": profile.visibility[f].value if f in profile.visibility else None,
        }
        for f in fields
    }


def set_field(cmd: SetProfileField, uow: UnitOfWork) -> str:
    try:
        value = clean_value(cmd.field, cmd.value)
    except InvalidProfile as error:
        raise ServiceError(error.reason) from None
    before = _fields_before(own_profile(uow, cmd.member_id), (cmd.field,))
    uow.profiles.set_value(cmd.member_id, cmd.field, value, cmd.now)
    record_profile(uow, cmd.member_id, {"fields": before}, cmd.now)
    reindex_member(uow, cmd.member_id)
    return value


def clear_field(cmd: ClearProfileField, uow: UnitOfWork) -> bool:
    """Whether there was something to clear (it can be put back with /ongedaan)."""
    profile = own_profile(uow, cmd.member_id)
    had = cmd.field in profile.values
    if had:
        before = _fields_before(profile, (cmd.field,))
        uow.profiles.set_value(cmd.member_id, cmd.field, None, cmd.now)
        record_profile(uow, cmd.member_id, {"fields": before}, cmd.now)
        reindex_member(uow, cmd.member_id)
    return had


def share_fields(cmd: ShareProfileFields, uow: UnitOfWork) -> Profile:
    if cmd.journal:
        before = _fields_before(own_profile(uow, cmd.member_id), cmd.fields)
        record_profile(uow, cmd.member_id, {"fields": before}, cmd.now)
    uow.profiles.set_visibility(cmd.member_id, cmd.fields, cmd.visibility, cmd.now)
    reindex_member(uow, cmd.member_id)
    return own_profile(uow, cmd.member_id)


def _named_items(cmd: ShareItems, uow: UnitOfWork) -> tuple[list[Goal], list[Activity]]:
    member_id = cmd.member_id
    if cmd.all_goals:
        goals = uow.goals.list(member_id)
    else:
        goals = []
        for number in dict.fromkeys(cmd.goals):
            goal = uow.goals.get(member_id, number)
            if goal is None:
                raise NotFound("goal.not_found", number=number)
            goals.append(goal)
    if cmd.all_activities:
        activities = uow.activities.list(member_id, ActivityFilter())
    else:
        activities = []
        for number in dict.fromkeys(cmd.activities):
            activity = uow.activities.get(member_id, number)
            if activity is None:
                raise NotFound("activity.not_found", number=number)
            activities.append(activity)
    return goals, activities


def _changing(items: Sequence[Goal] | Sequence[Activity], to: Visibility) -> dict[str, str]:
    """The visibility, by number, of the items that change (for the undo journal)."""
    return {str(item.number): item.visibility.value for item in items if item.visibility != to}


def made_more_public(cmd: ShareItems, uow: UnitOfWork) -> int:
    """How many goals and activities a bulk change to public would make public that are
    not yet (asked first: one message making a whole portfolio public). 0 otherwise."""
    if not cmd.bulk or cmd.visibility is not Visibility.PUBLIC:
        return 0
    goals, activities = _named_items(cmd, uow)
    return len(_changing(goals, cmd.visibility)) + len(_changing(activities, cmd.visibility))


def share_items(cmd: ShareItems, uow: UnitOfWork) -> SharedItems:
    """Change the visibility of fields, goals and activities in one journalled change, and
    the search index with it."""
    goals, activities = _named_items(cmd, uow)
    profile = own_profile(uow, cmd.member_id)
    before = {
        "fields": _fields_before(profile, cmd.fields),
        "goals": _changing(goals, cmd.visibility),
        "activities": _changing(activities, cmd.visibility),
    }
    changed = bool(cmd.fields or before["goals"] or before["activities"])
    if not changed:  # nothing to journal or to index again
        return SharedItems(cmd.fields, goals, activities, changed=False)
    record_profile(uow, cmd.member_id, before, cmd.now)
    if cmd.fields:
        uow.profiles.set_visibility(cmd.member_id, cmd.fields, cmd.visibility, cmd.now)
    for goal in goals:
        if goal.visibility is not cmd.visibility:
            goal.visibility = cmd.visibility
            uow.goals.save(goal)
    shared: list[Activity] = []
    for activity in activities:
        if activity.visibility is not cmd.visibility:
            new = activity.changed(visibility=cmd.visibility)
            new.id = activity.id
            uow.activities.save(new)
            activity = new
        shared.append(activity)
    reindex_member(uow, cmd.member_id)
    return SharedItems(cmd.fields, goals, shared)


def sharing_overview(uow: UnitOfWork, member_id: int) -> SharingOverview:
    """Who sees what: the profile's fields, and how many goals and activities per visibility."""
    goals = dict.fromkeys(Visibility, 0)
    for goal in uow.goals.list(member_id):
        goals[goal.visibility] += 1
    activities = dict.fromkeys(Visibility, 0)
    for activity in uow.activities.list(member_id, ActivityFilter()):
        activities[activity.visibility] += 1
    return SharingOverview(own_profile(uow, member_id), goals, activities)


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


def _shared_with(
    uow: UnitOfWork, rel: Relation, member_id: int
) -> tuple[tuple[Goal, ...], tuple[Activity, ...]]:
    """The goals and activities (newest first) of `member_id` that `rel` may see."""
    goals = [g for g in uow.goals.list(member_id) if can_see(g.visibility, rel)]
    recent = uow.activities.list(member_id, ActivityFilter(), _SCANNED_ACTIVITIES)
    activities = [a for a in recent if can_see(a.visibility, rel)]
    return tuple(goals[-SHOWN_GOALS:]), tuple(activities[:SHOWN_ACTIVITIES])


def _meant(cmd: ViewProfile, uow: UnitOfWork) -> list[int]:
    """A user id names one person. A handle (an @word) may be a name too: whoever has it as
    their handle, and whoever is called so, so that a handle's owner who shares nothing
    looks exactly like no owner at all."""
    found: list[int] = []
    if cmd.named is not None:
        member = member_named(uow, cmd.platform, cmd.named)
        if member is not None:
            found.append(member)
        if cmd.named.user_id:
            return found
    name = cmd.name.strip().lstrip("@").strip()
    for member_id in uow.profiles.members_named(name) if name else []:
        if member_id not in found:
            found.append(member_id)
    return found


def view_profile(cmd: ViewProfile, uow: UnitOfWork) -> list[SeenProfile]:
    """The profiles meant (named `name`, or the one colleague the platform pointed at) that
    show the asker something, with the goals and activities they share with the asker. A
    member who shows the asker nothing is left out exactly like a name nobody has: the
    answer never tells whether someone uses the bot."""
    seen: list[SeenProfile] = []
    for member_id in _meant(cmd, uow):
        profile = uow.profiles.get(member_id)
        if profile is None:
            continue
        rel = relation(uow, cmd.asker_id, member_id)
        goals, activities = _shared_with(uow, rel, member_id)
        one = SeenProfile(
            profile.shown_name(rel), profile.visible_to(rel), goals, activities, member_id
        )
        if one.shows_anything:
            seen.append(one)
    return seen

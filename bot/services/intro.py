"""Use cases for introductions (/intro): ask a colleague privately whether they want to be
put in touch; only on yes do both get the other's handle.

Privacy: the asker learns "asked" and, later, "yes" — nothing else. A name that matches
nobody, a member who shares nothing with the asker (the same rule as /profiel @naam), a
member who blocked the asker, a no, and no answer at all all look the same: the request is
recorded ("unsent" when nobody was asked), counts towards the asker's limits like any
other, and lapses after a week. A decline is never reported to the asker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.domain.introductions import (
    EXPIRES_AFTER,
    MAX_MESSAGE,
    MAX_OPEN,
    MAX_PER_DAY,
    IntroState,
    normal_name,
)
from bot.domain.outbox import NO_NOTICE
from bot.services.colleagues import Named, member_named
from bot.services.errors import PublicError, ServiceError
from bot.services.private_messages import (
    PrivateMessage,
    queue_private,
    unasked_time,
)
from bot.services.profiles import SeenProfile, seen_by

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from bot.domain.introductions import Introduction
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class Who:
    """The member acting, as their platform sees them now."""

    member_id: int
    platform: str
    user_id: str


@dataclass(frozen=True)
class AskIntroduction:
    """`text`: "@name message" — a name of several words is recognised when a colleague
    who shares something with the asker has it; otherwise the first word is the name.
    With `named`, `text` is the message alone."""

    asker: Who
    text: str
    now: datetime
    # (language, request id, the asker as the target sees them, the asker's message) ->
    # the question as a stored message, with its buttons: the caller decides the looks.
    question: Callable[[str, int, SeenProfile, str], dict[str, Any]]
    named: Named | None = None


class Asked(StrEnum):
    ASKED = "asked"  # what the asker hears whether or not anyone was asked
    ALREADY = "already"  # a request to this person (or name) is still open
    SELF = "self"
    SEVERAL = "several"  # several colleagues who share something go by this name


@dataclass(frozen=True)
class AskResult:
    outcome: Asked
    name: str
    until: datetime | None = None


@dataclass(frozen=True)
class AnswerIntroduction:
    intro_id: int
    target: Who
    answer: IntroState  # ACCEPTED, DECLINED or BLOCKED
    now: datetime
    note: Callable[[str, str, dict[str, Any]], dict[str, Any]]  # (language, key, params)


@dataclass(frozen=True)
class Answered:
    """What the target is told: the asker's name and, on yes, the asker's handle."""

    answer: IntroState
    name: str
    handle: str | None = None


def handle_for(uow: UnitOfWork, member_id: int, platform: str) -> str | None:
    """The member's handle, on `platform` where they have one there."""
    handles = uow.members.handles(member_id)
    same = [handle for where, handle in handles if where == platform]
    mine = same or [handle for _, handle in handles]
    return mine[0] if mine else None


def _candidates(uow: UnitOfWork, asker_id: int, name: str) -> tuple[list[int], bool]:
    """Members called `name` who show the asker something, and whether the asker is one
    of the members called so."""
    found: list[int] = []
    is_self = False
    for member_id in uow.profiles.members_named(name) if name else []:
        if member_id == asker_id:
            is_self = True
            continue
        seen = seen_by(uow, asker_id, member_id)
        if seen is not None and seen.fields:
            found.append(member_id)
    return found, is_self


_LONGEST_NAME = 4  # words


def _split(uow: UnitOfWork, asker_id: int, text: str) -> tuple[str, str, list[int], bool]:
    """(name as typed, message, candidates, whether the name is the asker's)."""
    words = text.strip().lstrip("@").split()
    for n in range(min(_LONGEST_NAME, len(words)), 0, -1):
        found, is_self = _candidates(uow, asker_id, normal_name(" ".join(words[:n])))
        if found or is_self:
            return " ".join(words[:n]), " ".join(words[n:]), found, is_self
    return (words[0], " ".join(words[1:]), [], False) if words else ("", "", [], False)


def _pointed_at(uow: UnitOfWork, cmd: AskIntroduction, named: Named) -> tuple[list[int], bool]:
    """The colleague the platform named, if they show the asker something; whether it is
    the asker."""
    member = member_named(uow, cmd.asker.platform, named)
    if member is None:
        return [], False
    if member == cmd.asker.member_id:
        return [], True
    seen = seen_by(uow, cmd.asker.member_id, member)
    return ([member] if seen is not None and seen.fields else []), False


def ask_introduction(cmd: AskIntroduction, uow: UnitOfWork) -> AskResult:
    asker = cmd.asker.member_id
    if cmd.named is not None:
        named = cmd.named
        candidates, is_self = _pointed_at(uow, cmd, named)
        message = " ".join(cmd.text.split())
        # Requests are told apart by whom the platform named, not by a name.
        name = normal_name(f"{cmd.asker.platform}:{named.user_id or named.handle}")
        shown = named.name[:60]  # "" when the platform gave no name: "your colleague"
    else:
        typed, message, candidates, is_self = _split(uow, asker, cmd.text)
        name, shown = normal_name(typed), typed[:60]
    if not name:
        raise ServiceError("intro.usage")
    if len(message) > MAX_MESSAGE:
        raise ServiceError("intro.message_too_long", max=MAX_MESSAGE, length=len(message))
    if is_self and not candidates:
        return AskResult(Asked.SELF, shown)
    if len(candidates) > 1:
        # Only members who already show the asker something count: /profiel @naam shows
        # the asker these same people, so this says nothing new.
        return AskResult(Asked.SEVERAL, shown)
    target = candidates[0] if candidates else None
    earlier = uow.introductions.pending(asker, target, name, cmd.now)
    if earlier is not None:
        return AskResult(Asked.ALREADY, shown, earlier.expires_at)
    open_, today = uow.introductions.load(asker, cmd.now, cmd.now - timedelta(days=1))
    if open_ >= MAX_OPEN:
        raise ServiceError("intro.too_many_open", max=MAX_OPEN)
    if today >= MAX_PER_DAY:
        raise ServiceError("intro.too_many_today", max=MAX_PER_DAY)
    expires = cmd.now + EXPIRES_AFTER
    blocked = target is not None and uow.introductions.blocked(asker, target)
    if target is None or blocked:
        uow.introductions.add(
            asker, target, name, cmd.asker.platform, message or None, IntroState.UNSENT,
            cmd.now, expires,
        )  # fmt: skip
        return AskResult(Asked.ASKED, shown, expires)
    intro_id = uow.introductions.add(
        asker, target, name, cmd.asker.platform, message or None, IntroState.OPEN,
        cmd.now, expires,
    )  # fmt: skip
    _ask(uow, cmd, intro_id, target, message, expires)
    return AskResult(Asked.ASKED, shown, expires)


def _ask(
    uow: UnitOfWork,
    cmd: AskIntroduction,
    intro_id: int,
    target: int,
    message: str,
    expires: datetime,
) -> None:
    """Queue the question, out of the target's quiet hours and holiday pause; a target
    paused past the expiry is not asked at all (to the asker: no answer, as ever)."""
    member = uow.members.get(target)
    seen = seen_by(uow, target, cmd.asker.member_id)
    assert seen is not None  # the asker exists: they sent this command
    due = unasked_time(uow, member, cmd.now, expires) if member is not None else None
    if member is None or due is None:
        return
    payload = cmd.question(member.language, intro_id, seen, message)
    key = f"intro:{intro_id}:ask"
    for platform in (cmd.asker.platform, None):  # where the asker asked; else anywhere
        # No "open a private chat" note in a group: it would tell that someone was asked.
        queued = PrivateMessage(
            target, key, payload, due_at=due, platform=platform, notice_chat_id=NO_NOTICE
        )
        if queue_private(uow, queued, cmd.now):
            break


def answer_introduction(cmd: AnswerIntroduction, uow: UnitOfWork) -> Answered:
    """The target answers. A press by anyone else, or on an expired or answered request,
    is told that the question has expired."""
    intro = uow.introductions.get(cmd.intro_id)
    target = cmd.target.member_id
    if intro is None or intro.target_id != target or not intro.answerable(cmd.now):
        raise PublicError("intro.expired")
    if not uow.introductions.answer(intro.id, cmd.answer, cmd.now):
        raise PublicError("intro.expired")
    seen = seen_by(uow, target, intro.asker_id)
    asker_name = seen.name if seen is not None else intro.target_name
    if cmd.answer is not IntroState.ACCEPTED:
        return Answered(cmd.answer, asker_name)
    _tell_asker(uow, intro, cmd)
    return Answered(cmd.answer, asker_name, handle_for(uow, intro.asker_id, cmd.target.platform))


def _tell_asker(uow: UnitOfWork, intro: Introduction, cmd: AnswerIntroduction) -> None:
    asker = uow.members.get(intro.asker_id)
    if asker is None:
        return
    target = cmd.target.member_id
    seen = seen_by(uow, asker.id, target)
    name = seen.name if seen is not None else intro.target_name
    handle = handle_for(uow, target, intro.platform)
    if handle is None:
        payload = cmd.note(asker.language, "intro.yes_note_no_handle", {"name": name})
    else:
        payload = cmd.note(asker.language, "intro.yes_note", {"name": name, "handle": handle})
    due = unasked_time(uow, asker, cmd.now)  # good news, out of the asker's quiet hours
    key = f"intro:{intro.id}:yes"
    for platform in (intro.platform, None):
        message = PrivateMessage(asker.id, key, payload, due_at=due, platform=platform)
        if queue_private(uow, message, cmd.now):
            break


def waiting(uow: UnitOfWork, asker_id: int, now: datetime) -> list[Introduction]:
    """The asker's requests without a yes that have not lapsed (a read)."""
    return uow.introductions.waiting(asker_id, now)

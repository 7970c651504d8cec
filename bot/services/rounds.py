"""Use cases for review rounds: a community's moderator asks the group to rate one offering.

A round belongs to one community (the group chat it was started in); only that community's
moderators (or an operator, in that group) start or close it. Who gets a private prompt is
decided here: members of the community who logged an activity that looks like the offering,
who did not switch prompts off, and whose quiet hours or holiday end before the deadline.
Nothing about them is told to the group — not even how many there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from bot.domain.catalogue import ModerationAction, RoundState
from bot.services.catalogue import fold
from bot.services.errors import PublicError
from bot.services.private_messages import PrivateMessage, queue_private, unasked_time

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from bot.domain.catalogue import Offering, Review, ReviewRound
    from bot.services.moderation import Moderator
    from bot.services.ports import UnitOfWork

MATCH_SCORE = 85.0  # how much an activity title must look like the offering's


@dataclass(frozen=True)
class OpenRound:
    """Start a round in `community_id`. `prompt(language, round)` renders the private
    prompt as a stored message; `platform` is where members are prompted."""

    moderator: Moderator
    community_id: int
    offering: Offering
    seconds: int
    now: datetime
    platform: str
    chat_id: str
    prompt: Callable[[str, ReviewRound], dict[str, Any]]


@dataclass(frozen=True)
class CloseRound:
    moderator: Moderator
    community_id: int
    now: datetime


@dataclass(frozen=True)
class RoundStatus:
    round: ReviewRound
    offering: Offering
    answers: int


def current_round(uow: UnitOfWork, community_id: int, now: datetime) -> RoundStatus | None:
    """The community's open round, its offering and how many answered so far."""
    rnd = uow.rounds.current(community_id, now)
    if rnd is None:
        return None
    offering = uow.catalogue.get(rnd.offering_id)
    assert offering is not None  # offerings are never deleted
    return RoundStatus(rnd, offering, len(uow.rounds.answers(rnd, now)))


def open_round(cmd: OpenRound, uow: UnitOfWork) -> ReviewRound:
    if uow.rounds.current(cmd.community_id, cmd.now) is not None:
        raise PublicError("round.already_open")
    deadline = cmd.now + timedelta(seconds=cmd.seconds)
    who = cmd.moderator.member_id
    round_id = uow.rounds.open(cmd.community_id, cmd.offering.id, who, cmd.now, deadline)
    detail = f"#{round_id} {cmd.offering.title}"
    uow.reviews.log(who, ModerationAction.ROUND_START, None, detail, cmd.now, cmd.community_id)
    rnd = uow.rounds.get(round_id)
    assert rnd is not None
    _prompt_learners(cmd, rnd, uow)
    return rnd


def _learners(uow: UnitOfWork, community_id: int, offering: Offering) -> list[int]:
    wanted = fold(offering.title)
    found = {
        member_id
        for member_id, title in uow.rounds.member_activity_titles(community_id)
        if fuzz.token_set_ratio(fold(title), wanted) >= MATCH_SCORE
    }
    return sorted(found - uow.rounds.opted_out(sorted(found)))


def _prompt_learners(cmd: OpenRound, rnd: ReviewRound, uow: UnitOfWork) -> int:
    queued = 0
    for member_id in _learners(uow, cmd.community_id, cmd.offering):
        member = uow.members.get(member_id)
        if member is None or member_id == cmd.moderator.member_id:
            continue
        due_at = unasked_time(uow, member, cmd.now, rnd.deadline)
        if due_at is None:
            continue
        message = PrivateMessage(
            member_id=member_id,
            key=f"round:{rnd.id}:{member_id}",
            payload=cmd.prompt(member.language, rnd),
            due_at=due_at,
            notice_chat_id=cmd.chat_id,
            notice_platform=cmd.platform,
        )
        queued += queue_private(uow, message, cmd.now)
    return queued


def close_round(cmd: CloseRound, uow: UnitOfWork) -> ReviewRound:
    """Move the deadline to now: the scheduler job closes the round and posts its summary
    (the chart is drawn in a worker thread there, never inside a unit of work)."""
    rnd = uow.rounds.current(cmd.community_id, cmd.now)
    if rnd is None:
        raise PublicError("round.none")
    uow.rounds.cut_short(rnd.id, cmd.now)
    uow.reviews.log(
        cmd.moderator.member_id,
        ModerationAction.ROUND_CLOSE,
        None,
        f"#{rnd.id}",
        cmd.now,
        cmd.community_id,
    )
    return rnd


def answerable(uow: UnitOfWork, round_id: int, now: datetime) -> ReviewRound | None:
    """The round a star button belongs to, if it still takes answers."""
    rnd = uow.rounds.get(round_id)
    if rnd is None:
        return None
    if rnd.state is not RoundState.OPEN or rnd.deadline <= now:
        raise PublicError("round.closed_already")
    return rnd


def answers(uow: UnitOfWork, rnd: ReviewRound, until: datetime) -> list[Review]:
    return uow.rounds.answers(rnd, until)


@dataclass(frozen=True)
class SetRoundPrompts:
    """Whether the member wants private prompts when their group runs a review round."""

    member_id: int
    wanted: bool
    now: datetime


def set_round_prompts(cmd: SetRoundPrompts, uow: UnitOfWork) -> None:
    uow.rounds.set_prompts(cmd.member_id, cmd.wanted, cmd.now)


def wants_round_prompts(uow: UnitOfWork, member_id: int) -> bool:
    return member_id not in uow.rounds.opted_out([member_id])

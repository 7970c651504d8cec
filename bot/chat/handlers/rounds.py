"""/reviewround (/reviewronde): moderators ask a group to rate one offering.

`start NAME [duration]` posts a prompt with star buttons (stateless: they work as long as
the message exists) and queues a private prompt, through the outbox, for members of the
group who logged an activity that looks like the offering. `status` shows the prompt again;
`close` moves the deadline to now. At the deadline the scheduler closes it
(bot.delivery.groups) — the deadline is a row in the store, so that survives restarts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from bot.chat import wire
from bot.chat.flows import FlowSet, action_choice
from bot.chat.handlers.catalogue import choose, lookup, stars
from bot.chat.handlers.reviews import save_review
from bot.chat.messages import Attachment, Choice, Outgoing
from bot.chat.registry import CommandSet
from bot.chat.replies import ChoiceSpec, Reply, UsageError
from bot.domain.catalogue import (
    ROUND_DEFAULT_SECONDS,
    ROUND_MAX_SECONDS,
    Distribution,
    ModerationAction,
    RoundState,
)
from bot.i18n import Msg
from bot.services.catalogue import fold
from bot.services.private_messages import PrivateMessage, queue_private, unasked_time
from bot.services.round_chart import distribution_png

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.catalogue import Offering, Review, ReviewRound
    from bot.i18n import Translator

commands = CommandSet()
flows = FlowSet()

_START = {"start", "begin", "open"}
_STATUS = {"", "status", "stand"}
_CLOSE = {"close", "sluit", "stop", "einde", "end"}
_DURATION = re.compile(
    r"\s+(\d{1,4})\s*(s|sec|seconde|seconden|seconds?|m|min|minuut|minuten|minutes?|u|uur|"
    r"uren|h|hours?|d|dag|dagen|days?|w|week|weken|weeks?)$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "u": 3600, "h": 3600, "d": 86400, "w": 7 * 86400}
EXCERPTS = 3
STOP_BUTTON = action_choice("roundprompts", "off", Msg.of("round.stop_button"))
_ON = {"aan", "on", "ja", "yes"}
_OFF = {"uit", "off", "nee", "no", "stop"}
MATCH_SCORE = 85.0  # how much an activity title must look like the offering's


def split_duration(text: str) -> tuple[str, int]:
    """ "Coachend lesgeven 3 dagen" -> ("Coachend lesgeven", 259200)."""
    match = _DURATION.search(" " + text)
    if not match:
        return text, ROUND_DEFAULT_SECONDS
    unit = match.group(2).lower()
    seconds = int(match.group(1)) * _UNIT_SECONDS["m" if unit.startswith("min") else unit[0]]
    if not 1 <= seconds <= ROUND_MAX_SECONDS:
        raise UsageError("round.bad_duration", max=ROUND_MAX_SECONDS // 86400)
    return text[: match.start() - 1 if match.start() else 0].strip(), seconds


def star_buttons(round_id: int) -> tuple[ChoiceSpec, ...]:
    return tuple(
        action_choice("round", f"{round_id}:{n}", Msg.of("review.star_button", n=n))
        for n in range(1, 6)
    )


def prompt(rnd: ReviewRound, offering: Offering) -> Reply:
    parts = (Msg.of("round.prompt", title=offering.title, deadline=rnd.deadline.date()),)
    return Reply(parts, personal=False, choices=star_buttons(rnd.id))


def summary(
    translator: Translator,
    language: str,
    rnd: ReviewRound,
    offering: Offering,
    answers: list[Review],
) -> tuple[tuple[Msg, ...], Attachment]:
    """The closing post: count, mean, distribution (text and chart), a few excerpts."""
    counts = [0, 0, 0, 0, 0]
    for answer in answers:
        counts[answer.rating - 1] += 1
    distribution = Distribution((counts[0], counts[1], counts[2], counts[3], counts[4]))
    parts = [Msg.of("round.summary_title", title=offering.title)]
    if distribution.mean is None:
        parts.append(Msg.of("round.summary_none"))
    else:
        mean = f"{distribution.mean:.1f}"
        mean = mean.replace(".", ",") if language == "nl" else mean
        parts.append(Msg.of("round.summary_counts", n=distribution.count, mean=mean))
        parts.append(
            Msg.of(
                "round.summary_distribution",
                counts=" · ".join(f"{n}★ {c}" for n, c in enumerate(distribution.counts, 1)),
            )
        )
    excerpts = [a for a in answers if a.text and not a.anonymous][:EXCERPTS]
    if excerpts:
        parts.append(Msg.of("round.summary_excerpts"))
        for answer in excerpts:
            text = answer.text if len(answer.text) <= 140 else answer.text[:139] + "…"
            parts.append(
                Msg.of(
                    "round.summary_excerpt",
                    text=text,
                    author=answer.author,
                    stars=stars(answer.rating),
                )
            )
    chart = distribution_png(
        distribution,
        offering.title,
        translator.text(language, "round.chart_axis"),
    )
    return tuple(parts), Attachment(f"reviewronde-{rnd.id}.png", chart, "image/png")


def _queue_prompts(ctx: Context, round_id: int, offering: Offering, deadline: datetime) -> int:
    """A private prompt for each member of the group who logged something like it."""
    if ctx.translator is None:
        return 0
    community = ctx.uow.rounds.community_id(ctx.incoming.chat.platform, ctx.incoming.chat.id)
    assert community is not None
    wanted = fold(offering.title)
    learners = {
        member_id
        for member_id, title in ctx.uow.rounds.member_activity_titles(community)
        if fuzz.token_set_ratio(fold(title), wanted) >= MATCH_SCORE
    }
    learners.discard(ctx.member.id)
    learners -= ctx.uow.rounds.opted_out(sorted(learners))
    queued = 0
    for member_id in sorted(learners):
        member = ctx.uow.members.get(member_id)
        if member is None:
            continue
        due_at = unasked_time(ctx.uow, member, ctx.now, deadline)
        if due_at is None:
            continue
        text = ctx.translator.render_lines(
            member.language,
            (Msg.of("round.private_prompt", title=offering.title, deadline=deadline.date()),),
        )
        buttons = (*star_buttons(round_id), STOP_BUTTON)
        choices = tuple(
            Choice(choice.key, ctx.translator.render(member.language, choice.label).plain)
            for choice in buttons
        )
        message = PrivateMessage(
            member_id=member_id,
            key=f"round:{round_id}:{member_id}",
            payload=wire.dump(Outgoing(text, choices=choices)),
            due_at=due_at,
            platform=ctx.incoming.chat.platform,
            notice_chat_id=ctx.incoming.chat.id,
        )
        queued += queue_private(ctx.uow, message, ctx.now)
    return queued


@commands.command("reviewround", nl=("reviewronde",), en=("reviewround",), order=230)
def reviewround(ctx: Context, args: str) -> list[Reply]:
    if not ctx.in_group:
        return [Reply.public("round.group_only")]
    verb, _, rest = args.strip().partition(" ")
    verb = verb.lower()
    community = ctx.uow.rounds.community_id(ctx.incoming.chat.platform, ctx.incoming.chat.id)
    assert community is not None  # the router joined it before the handler runs
    current = ctx.uow.rounds.current(community, ctx.now)
    if verb in _STATUS:
        if current is None:
            return [Reply.public("round.none")]
        offering = ctx.uow.catalogue.get(current.offering_id)
        assert offering is not None
        answers = ctx.uow.rounds.answers(current, ctx.now)
        reply = prompt(current, offering)
        return [
            Reply(
                (*reply.parts, Msg.of("round.status", n=len(answers))),
                personal=False,
                choices=reply.choices,
            )
        ]
    if verb not in _START | _CLOSE:
        raise UsageError("round.usage")
    if not ctx.incoming.sender.is_moderator:
        return [Reply.public("moderation.refused")]
    if verb in _CLOSE:
        if current is None:
            return [Reply.public("round.none")]
        # The scheduler job closes it and posts the summary: the chart is drawn in a
        # worker thread there, never inside a unit of work (on PostgreSQL that runs on
        # the event loop).
        ctx.uow.rounds.cut_short(current.id, ctx.now)
        ctx.uow.reviews.log(
            ctx.member.id, ModerationAction.ROUND_CLOSE, None, f"#{current.id}", ctx.now
        )
        return [Reply.public("round.closed")]
    if current is not None:
        return [Reply.public("round.already_open")]
    name, seconds = split_duration(rest.strip())
    found = lookup(ctx, name)
    if found.found is None:
        return [choose(found, "course", name)]
    offering = found.found
    deadline = ctx.now + timedelta(seconds=seconds)
    round_id = ctx.uow.rounds.open(community, offering.id, ctx.member.id, ctx.now, deadline)
    ctx.uow.reviews.log(
        ctx.member.id, ModerationAction.ROUND_START, None, f"#{round_id} {offering.title}", ctx.now
    )
    queued = _queue_prompts(ctx, round_id, offering, deadline)
    rnd = ctx.uow.rounds.get(round_id)
    assert rnd is not None
    reply = prompt(rnd, offering)
    return [
        Reply(
            (*reply.parts, Msg.of("round.invited", n=queued)),
            personal=False,
            choices=reply.choices,
        )
    ]


@flows.action("round")
def round_pressed(ctx: Context, argument: str) -> list[Reply]:
    round_id, _, rating = argument.partition(":")
    rnd = ctx.uow.rounds.get(int(round_id)) if round_id.isdigit() else None
    if rnd is None or rating not in {"1", "2", "3", "4", "5"}:
        return [Reply.public("flow.expired")]
    if rnd.state is not RoundState.OPEN or rnd.deadline <= ctx.now:
        return [Reply.of("round.closed_already")]
    offering = ctx.uow.catalogue.get(rnd.offering_id)
    if offering is None:
        return [Reply.public("flow.expired")]
    return save_review(ctx, offering, int(rating), None, None)


@commands.command("roundprompts", nl=("reviewvragen",), en=("roundprompts",), order=235)
def roundprompts(ctx: Context, args: str) -> list[Reply]:
    word = args.strip().lower()
    if word in _ON | _OFF:
        ctx.uow.rounds.set_prompts(ctx.member.id, word in _ON, ctx.now)
        return [Reply.of("round.prompts_on" if word in _ON else "round.prompts_off")]
    if word:
        raise UsageError("round.prompts_usage")
    off = ctx.member.id in ctx.uow.rounds.opted_out([ctx.member.id])
    return [Reply.of("round.prompts_status_off" if off else "round.prompts_status_on")]


@flows.action("roundprompts")
def stop_pressed(ctx: Context, argument: str) -> list[Reply]:
    ctx.uow.rounds.set_prompts(ctx.member.id, False, ctx.now)
    return [Reply.of("round.prompts_off")]

"""/reviewround (/reviewronde): moderators ask a group to rate one offering.

`start NAME [duration]` posts a prompt with star buttons (stateless: they work as long as
the message exists) and queues a private prompt, through the outbox, for members of the
group who logged an activity that looks like the offering. `status` shows the prompt again;
`close` moves the deadline to now. At the deadline the scheduler closes it
(bot.delivery.groups) — the deadline is a row in the store, so that survives restarts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.chat import wire
from bot.chat.flows import FlowSet, action_choice
from bot.chat.handlers.catalogue import choose, lookup, stars
from bot.chat.handlers.reviews import save_review
from bot.chat.messages import Attachment, Choice, Outgoing
from bot.chat.parsing.words import on_off
from bot.chat.registry import CommandSet, Power, Where
from bot.chat.replies import ChoiceSpec, Effect, Reply, UsageError
from bot.domain.catalogue import (
    ROUND_DEFAULT_SECONDS,
    ROUND_MAX_SECONDS,
    Distribution,
)
from bot.i18n import Label, Msg
from bot.services import rounds as service
from bot.services.round_chart import distribution_png
from bot.services.rounds import CloseRound, OpenRound

if TYPE_CHECKING:
    from collections.abc import Callable

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
    excerpts = [a for a in answers if a.text][:EXCERPTS]
    if excerpts:
        parts.append(Msg.of("round.summary_excerpts"))
        for answer in excerpts:
            text = answer.text if len(answer.text) <= 140 else answer.text[:139] + "…"
            parts.append(
                Msg.of(
                    "round.summary_excerpt",
                    text=text,
                    author=Label("review.anonymous") if answer.anonymous else answer.author,
                    stars=stars(answer.rating),
                )
            )
    chart = distribution_png(
        distribution,
        offering.title,
        translator.text(language, "round.chart_axis"),
    )
    return tuple(parts), Attachment(f"reviewronde-{rnd.id}.png", chart, "image/png")


def _verb(args: str) -> tuple[str, str]:
    verb, _, rest = args.strip().partition(" ")
    return verb.lower(), rest.strip()


def _power_of(args: str) -> Power:
    """Anyone may see the current round; starting and closing one is for moderators."""
    return Power.MODERATOR if _verb(args)[0] in _START | _CLOSE else Power.MEMBER


def _private_prompt(ctx: Context, offering: Offering) -> Callable[[str, ReviewRound], Any]:
    translator = ctx.translator
    assert translator is not None

    def render(language: str, rnd: ReviewRound) -> dict[str, Any]:
        msg = Msg.of("round.private_prompt", title=offering.title, deadline=rnd.deadline.date())
        text = translator.render_lines(language, (msg, Msg.of("round.who_sees")))
        choices = tuple(
            Choice(choice.key, translator.render(language, choice.label).plain)
            for choice in (*star_buttons(rnd.id), STOP_BUTTON)
        )
        return wire.dump(Outgoing(text, choices=choices))

    return render


@commands.command(
    "reviewround",
    nl=("reviewronde",),
    en=("reviewround",),
    order=230,
    power=Power.MODERATOR,
    power_of=_power_of,
    where=Where.GROUP,
)
def reviewround(ctx: Context, args: str) -> list[Reply]:
    verb, rest = _verb(args)
    community = ctx.community_id
    assert community is not None  # a group command: the router joined the community
    if verb in _STATUS:
        status = service.current_round(ctx.uow, community, ctx.now)
        if status is None:
            return [Reply.public("round.none")]
        reply = prompt(status.round, status.offering)
        parts = (*reply.parts, Msg.of("round.status", n=status.answers))
        return [Reply(parts, personal=False, choices=reply.choices)]
    if verb not in _START | _CLOSE:
        raise UsageError("round.usage")
    assert ctx.moderator is not None  # the router let only moderators in
    if verb in _CLOSE:
        service.close_round(CloseRound(ctx.moderator, community, ctx.now), ctx.uow)
        return [Reply((Msg.of("round.closed"),), personal=False, effect=Effect.CHANGED)]
    name, seconds = split_duration(rest)
    found = lookup(ctx, name)
    if found.found is None:
        return [choose(found, "course", name)]
    offering = found.found
    cmd = OpenRound(
        ctx.moderator,
        community,
        offering,
        seconds,
        ctx.now,
        ctx.incoming.chat.platform,
        ctx.incoming.chat.id,
        _private_prompt(ctx, offering),
    )
    rnd = service.open_round(cmd, ctx.uow)
    # No word on who was asked privately, nor how many: that derives from their portfolios.
    reply = prompt(rnd, offering)
    return [Reply(reply.parts, personal=False, choices=reply.choices, effect=Effect.CHANGED)]


@flows.action("round")
def round_pressed(ctx: Context, argument: str) -> list[Reply]:
    round_id, _, rating = argument.partition(":")
    if not round_id.isdigit() or rating not in {"1", "2", "3", "4", "5"}:
        return [Reply.public("flow.expired")]
    rnd = service.answerable(ctx.uow, int(round_id), ctx.now)
    offering = ctx.uow.catalogue.get(rnd.offering_id) if rnd else None
    if offering is None:
        return [Reply.public("flow.expired")]
    # A round's answers are anonymous unless the member chooses otherwise (a button).
    return save_review(
        ctx, offering, int(rating), None, True, extra=(Msg.of("round.answer_anonymous"),)
    )


@commands.command("roundprompts", nl=("reviewvragen",), en=("roundprompts",), order=235)
def roundprompts(ctx: Context, args: str) -> list[Reply]:
    wanted = on_off(args)
    if wanted is not None:
        ctx.uow.rounds.set_prompts(ctx.member.id, wanted, ctx.now)
        return [Reply.done("round.prompts_on" if wanted else "round.prompts_off")]
    if args.strip():
        raise UsageError("round.prompts_usage")
    off = ctx.member.id in ctx.uow.rounds.opted_out([ctx.member.id])
    return [Reply.of("round.prompts_status_off" if off else "round.prompts_status_on")]


@flows.action("roundprompts")
def stop_pressed(ctx: Context, argument: str) -> list[Reply]:
    ctx.uow.rounds.set_prompts(ctx.member.id, False, ctx.now)
    return [Reply.done("round.prompts_off")]

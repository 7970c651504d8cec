"""/reviewround (/reviewronde): moderators ask a group to rate one offering.

`start NAME [duration]` posts a prompt with star buttons (stateless: they work as long as
the message exists) and queues a private prompt, through the outbox, for members of the
group who logged an activity that looks like the offering. `status` shows the prompt again;
`close` moves the deadline to now. At the deadline the scheduler closes it
(bot.delivery.groups) — the deadline is a row in the store, so that survives restarts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat import wire
from bot.chat.flows import FlowSet, action_choice
from bot.chat.handlers.catalogue import choose, lookup
from bot.chat.handlers.reviews import save_review
from bot.chat.messages import Choice, Outgoing
from bot.chat.parsing.durations import trailing_period
from bot.chat.parsing.words import on_off
from bot.chat.registry import CommandSet, Power, Where
from bot.chat.render import round_prompt, star_buttons
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.catalogue import (
    ROUND_DEFAULT_SECONDS,
    ROUND_MAX_SECONDS,
)
from bot.i18n import Msg
from bot.services import rounds as service
from bot.services.rounds import CloseRound, OpenRound, SetRoundPrompts

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.chat.registry import Context
    from bot.domain.catalogue import Offering, ReviewRound

commands = CommandSet()
flows = FlowSet()

_START = {"start", "begin", "open"}
_STATUS = {"", "status", "stand"}
_CLOSE = {"close", "sluit", "stop", "einde", "end"}
STOP_BUTTON = action_choice("roundprompts", "off", Msg.of("round.stop_button"))


def split_duration(text: str) -> tuple[str, int]:
    """ "Coachend lesgeven 3 dagen" -> ("Coachend lesgeven", 259200)."""
    found = trailing_period(text)
    if found is None:
        return text, ROUND_DEFAULT_SECONDS
    name, seconds = found
    if not 1 <= seconds <= ROUND_MAX_SECONDS:
        raise UsageError("round.bad_duration", max=ROUND_MAX_SECONDS // 86400)
    return name, seconds


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
            for choice in (*star_buttons("round", rnd.id), STOP_BUTTON)
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
        reply = round_prompt(status.round, status.offering)
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
    reply = round_prompt(rnd, offering)
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
        service.set_round_prompts(SetRoundPrompts(ctx.member.id, wanted, ctx.now), ctx.uow)
        return [Reply.done("round.prompts_on" if wanted else "round.prompts_off")]
    if args.strip():
        raise UsageError("round.prompts_usage")
    on = service.wants_round_prompts(ctx.uow, ctx.member.id)
    return [Reply.of("round.prompts_status_on" if on else "round.prompts_status_off")]


@flows.action("roundprompts")
def stop_pressed(ctx: Context, argument: str) -> list[Reply]:
    service.set_round_prompts(SetRoundPrompts(ctx.member.id, False, ctx.now), ctx.uow)
    return [Reply.done("round.prompts_off")]

"""/steuntjes (/nudges): opt in to built-in reminders; the buttons on a delivered nudge
("Log nu", "Zet dit uit") and the one-message log that "Log nu" starts."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, action_choice, ask
from bot.chat.handlers import activities
from bot.chat.parsing.words import on_off
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.reminders import Nudge
from bot.i18n import Label, Msg
from bot.services import reminders as service

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.chat.replies import ChoiceSpec
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()

ACTION = "nudge"  # "log.0", "off.<nudge>", "on.<nudge>", "on.all"


def nudge_buttons(nudge: Nudge) -> tuple[ChoiceSpec, ...]:
    """The buttons on a delivered nudge: switching it off is always one tap."""
    off = action_choice(ACTION, f"off.{nudge.value}", Msg.of("nudges.btn_off"))
    if nudge is Nudge.LOG:
        return (action_choice(ACTION, "log.0", Msg.of("nudges.btn_log")), off)
    return (off,)


def offer(ctx: Context) -> tuple[tuple[Msg, ...], tuple[ChoiceSpec, ...]]:
    """A one-tap offer of the nudges, for a member who has none yet (or nothing)."""
    if ctx.uow.reminders.settings(ctx.member.id).nudges:
        return (), ()
    button = action_choice(ACTION, "on.all", Msg.of("nudges.btn_all_on"))
    return (Msg.of("nudges.offer"),), (button,)


def _overview(ctx: Context) -> Reply:
    enabled = ctx.uow.reminders.settings(ctx.member.id).nudges
    parts = [Msg.of("nudges.header")]
    choices = []
    for nudge in Nudge:
        state = "on" if nudge in enabled else "off"
        parts.append(Msg.of(f"nudges.line_{state}", what=Label(f"nudges.kind_{nudge.value}")))
        flip = "off" if nudge in enabled else "on"
        label = Msg.of(f"nudges.btn_{flip}_kind", what=Label(f"nudges.kind_{nudge.value}"))
        choices.append(action_choice(ACTION, f"{flip}.{nudge.value}", label))
    parts.append(Msg.of("nudges.footer"))
    return Reply(tuple(parts), choices=tuple(choices))


def _set(ctx: Context, wanted: frozenset[Nudge]) -> None:
    settings = ctx.uow.reminders.settings(ctx.member.id)
    service.save_settings(ctx.uow, replace(settings, nudges=wanted))


@commands.command(
    "nudges", nl=("steuntjes",), en=("nudges",), ack="ack.changed", order=87, group_menu=False
)
def nudges_command(ctx: Context, args: str) -> list[Reply]:
    wanted = on_off(args)
    if wanted is None:
        if args.strip():
            raise UsageError("nudges.usage")
        return [_overview(ctx)]
    _set(ctx, frozenset(Nudge) if wanted else frozenset())
    return [replace(_overview(ctx), effect=Effect.CHANGED)]


@flows.action(ACTION)
def pressed(ctx: Context, argument: str) -> list[Reply]:
    verb, _, name = argument.partition(".")
    if verb == "log":
        question = (Msg.of("nudges.log_ask"),)
        return [ask(ctx, "nudge_log", question, [], typed=True)]
    if (verb, name) == ("on", "all"):
        _set(ctx, frozenset(Nudge))
        return [_overview(ctx)]
    known = {nudge.value: nudge for nudge in Nudge}
    if verb not in ("on", "off") or name not in known:
        return [Reply.public("flow.expired")]
    nudge = known[name]
    enabled = ctx.uow.reminders.settings(ctx.member.id).nudges
    _set(ctx, enabled | {nudge} if verb == "on" else enabled - {nudge})
    what = Label(f"nudges.kind_{nudge.value}")
    parts = (Msg.of(f"nudges.turned_{verb}", what=what), Msg.of("nudges.footer"))
    return [Reply(parts, effect=Effect.CHANGED)]


@flows.flow("nudge_log")
def answer_log(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    ctx.uow.flows.clear(ctx.member.id)
    return activities.log(ctx, activities.parse_log(text or "", ctx.today))

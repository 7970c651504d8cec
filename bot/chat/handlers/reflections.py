"""/reflectie (/reflect) and /bewijs (/evidence): what an activity taught, and its proof.

A reflection is added, never put in place of an earlier one: an activity keeps every
reflection with its date (undo takes back the last one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.common import is_url, leading_number, title_of
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.i18n import Msg
from bot.services import activities as service
from bot.services.commands import AddReflection, AttachEvidence

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()


def parse_reflect(text: str, today: date) -> tuple[int | None, str]:
    return leading_number(text)


@commands.command(
    "reflect", nl=("reflectie", "reflecteer"), en=("reflect",), parse=parse_reflect, order=60
)
def reflect(ctx: Context, args: tuple[int | None, str]) -> list[Reply]:
    number, text = args
    activity = service.get_activity(ctx.uow, ctx.member.id, number)
    if not text:
        question = (Msg.of("reflect.ask", number=activity.number, title=title_of(activity)),)
        return [ask(ctx, "reflect", question, [], {"number": activity.number}, typed=True)]
    return _reflected(ctx, activity.number, text)


def _reflected(ctx: Context, number: int, text: str) -> list[Reply]:
    activity = service.add_reflection(AddReflection(ctx.member.id, number, text, ctx.now), ctx.uow)
    parts = [Msg.of("reflect.saved", number=activity.number, title=title_of(activity))]
    if len(activity.reflections) > 1:
        parts.append(
            Msg.of("reflect.added_to", n=len(activity.reflections), number=activity.number)
        )
    return [Reply(tuple(parts), effect=Effect.CHANGED)]


@flows.flow("reflect")
def answer_reflect(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if not text:
        return [Reply.public("reflect.empty")]
    ctx.uow.flows.clear(ctx.member.id)
    return _reflected(ctx, int(flow.data["number"]), text)


def parse_evidence(text: str, today: date) -> tuple[int | None, str]:
    number, rest = leading_number(text)
    if not is_url(rest):
        raise UsageError("evidence.usage")
    return number, rest


@commands.command(
    "evidence", nl=("bewijs",), en=("evidence",), parse=parse_evidence, ack="ack.changed", order=65
)
def evidence(ctx: Context, args: tuple[int | None, str]) -> list[Reply]:
    number, url = args
    activity = service.attach_evidence(
        AttachEvidence(ctx.member.id, number, url, ctx.now), ctx.uow
    )
    return [Reply.done("evidence.saved", number=activity.number, title=title_of(activity))]

"""/ongedaan (/undo): the member's last change, once, within the undo window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet
from bot.chat.handlers.common import activity_card, activity_summary, title_of
from bot.chat.handlers.sharing import profile_undone
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.members import zone
from bot.domain.undo import ChangeKind
from bot.i18n import Label, Msg
from bot.services import undo as service

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.services.undo import Undone

commands = CommandSet()
flows = FlowSet()


@commands.command("undo", nl=("ongedaan",), en=("undo",), ack="ack.changed", order=30)
def undo(ctx: Context, args: str) -> list[Reply]:
    if args:
        raise UsageError("undo.no_arguments")
    undone = service.undo_last(
        service.UndoLastChange(ctx.member.id, ctx.now, ctx.undo_window), ctx.uow
    )
    change = undone.change
    if change is None:
        return [Reply((Msg.of("undo.nothing"), Msg.of("undo.older_tip")))]
    if undone.too_old:
        local = change.changed_at.astimezone(zone(ctx.member.timezone))
        hours = round(ctx.undo_window.total_seconds() / 3600)
        return [
            Reply(
                (
                    Msg.of(
                        "undo.too_old",
                        what=Label(f"undo.what_{change.kind.value}"),
                        number=change.number,
                        day=local.date(),
                        time=f"{local:%H:%M}",
                        n=hours,
                    ),
                    Msg.of("undo.older_tip"),
                )
            )
        ]
    parts = (*_what_happened(undone, ctx.member.timezone), Msg.of("undo.once"))
    return [Reply(parts, effect=Effect.CHANGED)]


def _what_happened(undone: Undone, timezone: str) -> tuple[Msg, ...]:
    change = undone.change
    assert change is not None
    kind, number = change.kind, change.number
    if kind is ChangeKind.PROFILE:
        return profile_undone(undone)
    if kind.on_goal:
        goal = undone.goal
        assert goal is not None
        status = Label(f"goal_status.{goal.status.value}")
        return (Msg.of(f"undo.{kind.value}", number=number, title=goal.title, status=status),)
    activity = undone.activity
    assert activity is not None
    if kind is ChangeKind.LOGGED:
        return (Msg.of("undo.logged", number=number), activity_summary(activity))
    if kind is ChangeKind.REFLECTED:
        previous = undone.previous
        removed = previous.reflection if previous is not None else None
        return (Msg.of("undo.reflected", number=number, title=title_of(activity), text=removed),)
    if kind is ChangeKind.DELETED:
        return (
            Msg.of("undo.deleted", number=number, n=len(activity.reflections)),
            *activity_card(activity, timezone),
        )
    card = activity_card(activity, timezone)
    return (Msg.of(f"undo.{kind.value}", number=number), *card)

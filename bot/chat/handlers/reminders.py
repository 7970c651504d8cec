"""/herinner (/remind) and /herinneringen (/reminders), and the buttons on delivered
reminders (snooze, done) and in the list (pause, resume, delete)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, action_choice
from bot.chat.handlers import nudges
from bot.chat.handlers.common import leading_number
from bot.chat.handlers.reminder_rules import change_time, next_shown, schedule_of, when_params
from bot.chat.parsing.reminder_text import ParsedReminder, check_text, parse_reminder_text
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.reminders import Reminder, ReminderState
from bot.i18n import Msg
from bot.services import reminders as service
from bot.services.schedules import after_quiet_hours

if TYPE_CHECKING:
    from datetime import datetime

    from bot.chat.registry import Context
    from bot.chat.replies import ChoiceSpec
    from bot.domain.reminders import ReminderSettings

commands = CommandSet()
flows = FlowSet()

DELIVERED = "rem"  # buttons on a delivered reminder: "<how>.<reminder id>"
LISTED = "reml"  # buttons on one reminder in the list: "<verb>.<number>"
_VERBS = {
    "pauzeer": "pause", "pauze": "pause", "pause": "pause",
    "hervat": "resume", "resume": "resume", "verder": "resume",
    "verwijder": "delete", "wis": "delete", "delete": "delete", "remove": "delete",
    "tijd": "time", "time": "time", "wanneer": "time", "when": "time",
    "tekst": "text", "text": "text",
}  # fmt: skip
_LIST = {"", "lijst", "list", "alle", "all", "overzicht"}


def reminder_buttons(reminder_id: int) -> tuple[ChoiceSpec, ...]:
    """The buttons on a delivered reminder; they work as long as the message exists."""
    return (
        action_choice(DELIVERED, f"hour.{reminder_id}", Msg.of("reminder.btn_hour")),
        action_choice(DELIVERED, f"day.{reminder_id}", Msg.of("reminder.btn_day")),
        action_choice(DELIVERED, f"week.{reminder_id}", Msg.of("reminder.btn_week")),
        action_choice(DELIVERED, f"done.{reminder_id}", Msg.of("reminder.btn_done")),
    )


def _parse(ctx: Context, text: str) -> ParsedReminder:
    return parse_reminder_text(text, ctx.now, ctx.member.timezone)


def _confirm(ctx: Context, reminder: Reminder, parsed: ParsedReminder, key: str) -> Reply:
    timezone = reminder.schedule.timezone
    settings = ctx.uow.reminders.settings(ctx.member.id)
    shown = next_shown(reminder, settings, ctx.now)
    parts = [
        Msg.of(key, number=reminder.number, text=reminder.text),
        Msg.of(
            "reminder.next_repeat" if reminder.schedule.recurring else "reminder.next_once",
            **when_params(shown, timezone),
        ),
    ]
    if parsed.rolled:
        parts.append(Msg.of("reminder.rolled"))
    if shown is not None:
        moved = after_quiet_hours(shown, settings.quiet, timezone)
        if moved != shown:
            parts.append(Msg.of("reminder.in_quiet", **when_params(moved, timezone)))
        if shown != reminder.next_fire_at:
            parts.append(Msg.of("reminders.after_pause", until=settings.paused_until))
    return Reply(tuple(parts))


@commands.command("remind", nl=("herinner",), en=("remind",), ack="ack.noted", order=80)
def remind(ctx: Context, args: str) -> list[Reply]:
    parsed = check_text(_parse(ctx, args))
    if parsed.error is not None or parsed.kind is None:
        raise UsageError(parsed.error or "reminder.no_when", word=parsed.detail)
    schedule = schedule_of(ctx, parsed)
    created = service.schedule_reminder(
        service.ScheduleReminder(ctx.member.id, parsed.text, schedule, ctx.now), ctx.uow
    )
    reply = _confirm(ctx, created, parsed, "reminder.created")
    offered, buttons = nudges.offer(ctx) if created.number == 1 else ((), ())
    parts = (*reply.parts, Msg.of("reminder.list_tip"), *offered)
    return [Reply(parts, choices=buttons, effect=Effect.CHANGED)]


@dataclass(frozen=True)
class _Sub:
    verb: str  # list | show | pause | resume | delete | time | text
    number: int = 0
    rest: str = ""


def _sub(text: str) -> _Sub:
    if text.lower() in _LIST:
        return _Sub("list")
    number, rest = leading_number(text)
    if number is not None and not rest:
        return _Sub("show", number)
    word, _, tail = text.partition(" ")
    verb = _VERBS.get(word.lower())
    if verb is None:
        raise UsageError("reminders.usage")
    number, rest = leading_number(tail.strip())
    if number is None:
        raise UsageError("reminders.number_missing")
    return _Sub(verb, number, rest.strip())


def _line(reminder: Reminder, settings: ReminderSettings, now: datetime) -> Msg:
    if reminder.state is ReminderState.PAUSED:
        return Msg.of("reminders.line_paused", number=reminder.number, text=reminder.text)
    shown = next_shown(reminder, settings, now)
    key = "reminders.line_repeat" if reminder.schedule.recurring else "reminders.line_once"
    if shown != reminder.next_fire_at:  # the first time after the holiday pause
        key = "reminders.line_after_pause"
    return Msg.of(
        key,
        number=reminder.number,
        text=reminder.text,
        until=settings.paused_until,
        **when_params(shown, reminder.schedule.timezone),
    )


def _show(ctx: Context, reminder: Reminder) -> Reply:
    toggle = "resume" if reminder.state is ReminderState.PAUSED else "pause"
    number = reminder.number
    line = _line(reminder, ctx.uow.reminders.settings(ctx.member.id), ctx.now)
    return Reply(
        (line, Msg.of("reminders.show_tip", number=number)),
        choices=(
            action_choice(LISTED, f"{toggle}.{number}", Msg.of(f"reminders.btn_{toggle}")),
            action_choice(LISTED, f"delete.{number}", Msg.of("reminders.btn_delete")),
        ),
    )


@commands.command(
    "reminders", nl=("herinneringen",), en=("reminders",), ack="ack.changed", order=82
)
def reminders(ctx: Context, args: str) -> list[Reply]:
    sub = _sub(args.strip())
    uow, member_id = ctx.uow, ctx.member.id
    if sub.verb == "list":
        items = uow.reminders.of_member(member_id)
        if not items:
            return [Reply.of("reminders.none")]
        settings = uow.reminders.settings(member_id)
        lines = [Msg.of("reminders.header", n=len(items))]
        if settings.paused_until is not None and settings.paused_until > ctx.today:
            lines.append(Msg.of("reminders.pause_active", until=settings.paused_until))
        lines += [_line(item, settings, ctx.now) for item in items]
        return [Reply((*lines, Msg.of("reminders.footer")))]
    if sub.verb == "show":
        return [_show(ctx, service.get(uow, member_id, sub.number))]
    if sub.verb in ("pause", "resume", "delete"):
        return _change(ctx, sub.verb, sub.number)
    if sub.verb == "text":
        changed = service.retext(uow, member_id, sub.number, sub.rest)
        return [Reply.done("reminders.retexted", number=changed.number, text=changed.text)]
    return change_time(ctx, sub.number, sub.rest)


def _change(ctx: Context, verb: str, number: int) -> list[Reply]:
    uow, member_id = ctx.uow, ctx.member.id
    if verb == "pause":
        changed = service.pause(uow, member_id, number)
        return [Reply.done("reminders.paused", number=number, text=changed.text)]
    if verb == "resume":
        changed = service.resume(uow, member_id, number, ctx.now)
        shown = next_shown(changed, uow.reminders.settings(member_id), ctx.now)
        params = when_params(shown, changed.schedule.timezone)
        return [Reply.done("reminders.resumed", number=number, text=changed.text, **params)]
    gone = service.delete(uow, member_id, number)
    return [Reply.done("reminders.deleted", number=number, text=gone.text)]


def _split(argument: str) -> tuple[str, int] | None:
    verb, _, raw = argument.partition(".")
    return (verb, int(raw)) if raw.isdigit() and len(raw) <= 12 else None


@flows.action(LISTED)
def listed_button(ctx: Context, argument: str) -> list[Reply]:
    parsed = _split(argument)
    if parsed is None or parsed[0] not in ("pause", "resume", "delete"):
        return [Reply.public("flow.expired")]
    return _change(ctx, *parsed)


@flows.action(DELIVERED)
def delivered_button(ctx: Context, argument: str) -> list[Reply]:
    parsed = _split(argument)
    if parsed is None or parsed[0] not in ("hour", "day", "week", "done"):
        return [Reply.public("flow.expired")]
    how, reminder_id = parsed
    found = ctx.uow.reminders.by_id(reminder_id)
    if found is None or found.member_id != ctx.member.id:
        return [Reply.of("reminder.gone")]
    if how == "done":
        if found.schedule.recurring and found.state is ReminderState.ACTIVE:
            params = when_params(found.next_fire_at, found.schedule.timezone)
            return [Reply.done("reminder.done_next", **params)]
        return [Reply.done("reminder.done")]
    until = service.snooze_until(ctx.now, found.schedule.timezone, how)
    snoozed = service.snooze(ctx.uow, reminder_id, ctx.member.id, until)
    params = when_params(snoozed.next_fire_at, snoozed.schedule.timezone)
    return [Reply.done("reminder.snoozed", text=snoozed.text, **params)]

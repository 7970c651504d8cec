"""What a reminder *is* in words ("elke zaterdag om 10:00"), when it comes next given a
holiday pause, and changing the time of a reminder without changing what kind it is."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.parsing.reminder_retime import retime
from bot.chat.parsing.reminder_text import parse_reminder_text
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.members import zone
from bot.domain.reminders import Reminder, Schedule, ScheduleKind
from bot.i18n import Label, Msg
from bot.services import reminders as service
from bot.services.schedules import after_pause, first_fire

if TYPE_CHECKING:
    from bot.chat.parsing.reminder_text import ParsedReminder
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.domain.reminders import ReminderSettings

commands = CommandSet()
flows = FlowSet()

_ORDINALS = {"1st", "2nd", "3rd", "4th", "last"}


def when_params(at: datetime | None, timezone: str) -> dict[str, object]:
    if at is None:
        return {"day": "", "time": ""}
    local = at.astimezone(zone(timezone))
    return {"day": local.date(), "time": f"{local:%H:%M}"}


def describe(schedule: Schedule) -> Msg:
    """The rule of a recurring reminder in words: "elke zaterdag om 10:00"."""
    if schedule.kind is ScheduleKind.MONTHDAY:
        day, hour, minute = schedule.rule.split("|")
        return Msg.of("rule.monthday", day=day, time=f"{int(hour):02d}:{int(minute):02d}")
    minute, hour, day, _, dow = schedule.rule.split("|")
    clock = f"{int(hour):02d}:{int(minute):02d}" if hour.isdigit() and minute.isdigit() else ""
    if " " in day and day.split(" ")[0] in _ORDINALS:
        nth, weekday = day.split(" ")
        return Msg.of(
            "rule.nth", nth=Label(f"ordinal.{nth}"), day=Label(f"weekday.{weekday}"), time=clock
        )
    if dow == "*":
        return Msg.of("rule.daily", time=clock)
    if dow == "mon-fri":
        return Msg.of("rule.workdays", time=clock)
    days = [Label(f"weekday.{name}") for name in dow.split(",")]
    return Msg.of("rule.weekly", days=days, time=clock)


def next_shown(reminder: Reminder, settings: ReminderSettings, now: datetime) -> datetime | None:
    """When the member really gets it next: after the holiday pause, if it falls in it."""
    at = reminder.next_fire_at
    if at is None:
        return None
    return after_pause(reminder.schedule, at, settings.paused_until, now)


def schedule_of(ctx: Context, parsed: ParsedReminder) -> Schedule:
    assert parsed.kind is not None
    if parsed.wall_clock:
        return service.wall_clock(datetime.fromisoformat(parsed.rule), ctx.member.timezone)
    return Schedule(parsed.kind, parsed.rule, ctx.member.timezone)


def what_it_is(reminder: Reminder, settings: ReminderSettings, now: datetime) -> tuple[Msg, ...]:
    """The reminder's rule (or that it comes once) and when it comes next."""
    timezone = reminder.schedule.timezone
    shown = next_shown(reminder, settings, now)
    parts = []
    if reminder.schedule.recurring:
        parts.append(
            Msg.of(
                "reminders.now_repeats",
                rule=describe(reminder.schedule),
                **when_params(shown, timezone),
            )
        )
    else:
        parts.append(Msg.of("reminders.now_once", **when_params(shown, timezone)))
    if shown != reminder.next_fire_at:
        parts.append(Msg.of("reminders.after_pause", until=settings.paused_until))
    return tuple(parts)


def change_time(ctx: Context, number: int, text: str) -> list[Reply]:
    """`/herinneringen tijd N …`: a repeating reminder keeps repeating (its weekday and
    clock time change); one moment for it is a question, never a silent one-off."""
    found = service.get(ctx.uow, ctx.member.id, number)
    if found.schedule.recurring:
        retimed = retime(found.schedule, text)
        if retimed is not None:
            schedule, rest = retimed
            return [_rescheduled(ctx, number, schedule, rest)]
    parsed = parse_reminder_text(text, ctx.now, ctx.member.timezone)
    if parsed.error is not None or parsed.kind is None:
        raise UsageError(parsed.error or "reminder.no_when")
    schedule = schedule_of(ctx, parsed)
    if found.schedule.recurring and not schedule.recurring:
        at = first_fire(schedule, ctx.now)
        question = (
            Msg.of("reminders.ask_one_off", number=number, rule=describe(found.schedule)),
            Msg.of("reminders.one_off_would_be", **when_params(at, schedule.timezone)),
        )
        choices = [("once", Msg.of("reminders.btn_once")), ("keep", Msg.of("reminders.btn_keep"))]
        data = {"number": number, "kind": schedule.kind.value, "rule": schedule.rule}
        return [ask(ctx, "reminder_one_off", question, choices, {**data, "text": parsed.text})]
    return [_rescheduled(ctx, number, schedule, parsed.text)]


def _rescheduled(ctx: Context, number: int, schedule: Schedule, text: str) -> Reply:
    changed = service.reschedule(ctx.uow, ctx.member.id, number, schedule, ctx.now, text)
    settings = ctx.uow.reminders.settings(ctx.member.id)
    return Reply(
        (
            Msg.of("reminders.rescheduled", number=changed.number, text=changed.text),
            *what_it_is(changed, settings, ctx.now),
        ),
        effect=Effect.CHANGED,
    )


@flows.flow("reminder_one_off")
def answer_one_off(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    data = flow.data
    if choice is None:
        return [Reply.public("reminders.answer_once_or_keep")]
    ctx.uow.flows.clear(ctx.member.id)
    number = int(data["number"])
    if choice == "keep":
        found = service.get(ctx.uow, ctx.member.id, number)
        return [Reply((Msg.of("reminders.kept", number=number, rule=describe(found.schedule)),))]
    schedule = Schedule(ScheduleKind(data["kind"]), data["rule"], ctx.member.timezone)
    return [_rescheduled(ctx, number, schedule, data["text"])]

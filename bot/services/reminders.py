"""Reminder use cases: schedule, pause, resume, edit, delete, snooze; member settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.members import zone
from bot.domain.reminders import (
    MAX_TEXT,
    Reminder,
    ReminderState,
    Schedule,
    ScheduleKind,
)
from bot.services.errors import NotFound, ServiceError
from bot.services.schedules import first_fire, next_fire

if TYPE_CHECKING:
    from bot.domain.reminders import ReminderSettings
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class ScheduleReminder:
    member_id: int
    text: str
    schedule: Schedule
    now: datetime


def once(at: datetime, timezone: str) -> Schedule:
    return Schedule(ScheduleKind.ONCE, at.astimezone(UTC).isoformat(), timezone)


def schedule_reminder(cmd: ScheduleReminder, uow: UnitOfWork) -> Reminder:
    text = cmd.text.strip()
    if not text:
        raise ServiceError("reminder.no_text")
    if len(text) > MAX_TEXT:
        raise ServiceError("reminder.text_too_long", max=MAX_TEXT)
    first = first_fire(cmd.schedule, cmd.now)
    if first is None:
        raise ServiceError("reminder.past")
    return uow.reminders.add(
        Reminder(
            member_id=cmd.member_id,
            text=text,
            schedule=cmd.schedule,
            next_fire_at=first,
            created_at=cmd.now,
        )
    )


def get(uow: UnitOfWork, member_id: int, number: int) -> Reminder:
    found = uow.reminders.get(member_id, number)
    if found is None or found.state is ReminderState.DONE:
        raise NotFound("reminder.not_found", number=number)
    return found


def pause(uow: UnitOfWork, member_id: int, number: int) -> Reminder:
    paused = replace(get(uow, member_id, number), state=ReminderState.PAUSED)
    uow.reminders.save(paused)
    return paused


def resume(uow: UnitOfWork, member_id: int, number: int, now: datetime) -> Reminder:
    found = get(uow, member_id, number)
    upcoming = found.next_fire_at
    if found.schedule.recurring and (upcoming is None or upcoming <= now):
        upcoming = next_fire(found.schedule, now)  # occurrences during the pause are skipped
    resumed = replace(found, state=ReminderState.ACTIVE, next_fire_at=upcoming)
    uow.reminders.save(resumed)
    return resumed


def reschedule(
    uow: UnitOfWork, member_id: int, number: int, schedule: Schedule, now: datetime, text: str
) -> Reminder:
    found = get(uow, member_id, number)
    first = first_fire(schedule, now)
    if first is None:
        raise ServiceError("reminder.past")
    changed = replace(
        found,
        schedule=schedule,
        next_fire_at=first,
        state=ReminderState.ACTIVE,
        text=text.strip() or found.text,
    )
    uow.reminders.save(changed)
    return changed


def retext(uow: UnitOfWork, member_id: int, number: int, text: str) -> Reminder:
    text = text.strip()
    if not text:
        raise ServiceError("reminder.no_text")
    if len(text) > MAX_TEXT:
        raise ServiceError("reminder.text_too_long", max=MAX_TEXT)
    changed = replace(get(uow, member_id, number), text=text)
    uow.reminders.save(changed)
    return changed


def delete(uow: UnitOfWork, member_id: int, number: int) -> Reminder:
    found = get(uow, member_id, number)
    uow.reminders.delete(member_id, number)
    return found


def snooze(uow: UnitOfWork, reminder_id: int, member_id: int, until: datetime) -> Reminder:
    """Deliver the reminder again at `until`. A one-off one comes back to life; for a
    recurring one, a one-off copy is added, and the rule keeps its own times."""
    found = uow.reminders.by_id(reminder_id)
    if found is None or found.member_id != member_id:
        raise ServiceError("reminder.gone")
    schedule = once(until, found.schedule.timezone)
    if found.schedule.recurring:
        return uow.reminders.add(
            Reminder(
                member_id=member_id,
                text=found.text,
                schedule=schedule,
                next_fire_at=until,
                created_at=until,
                kind=found.kind,
            )
        )
    snoozed = replace(found, schedule=schedule, next_fire_at=until, state=ReminderState.ACTIVE)
    uow.reminders.save(snoozed)
    return snoozed


def snooze_until(now: datetime, timezone: str, how: str) -> datetime:
    """ "hour": an hour from now; "day" / "week": the same wall-clock time tomorrow / in a
    week, in the member's timezone."""
    if how == "hour":
        return now + timedelta(hours=1)
    local = now.astimezone(zone(timezone))
    days = 7 if how == "week" else 1
    moved = datetime.combine(local.date() + timedelta(days=days), local.time(), local.tzinfo)
    return moved.astimezone(UTC)


def wall_clock(at: datetime, timezone: str) -> Schedule:
    """A one-off at the wall-clock time `at` shows in `timezone` ("24 dec om 10u"): it
    keeps that clock time if the member moves to another timezone."""
    local = at.astimezone(zone(timezone)).replace(tzinfo=None)
    return Schedule(ScheduleKind.LOCAL, local.isoformat(timespec="seconds"), timezone)


def move_to_timezone(
    uow: UnitOfWork, member_id: int, timezone: str, now: datetime
) -> list[Reminder]:
    """Every reminder follows the member to a new timezone: recurring rules and one-offs
    set at a clock time keep their wall-clock time; one-offs set as a span of time ("over
    2 uur") keep their moment. The reminders as they are now, by number."""
    moved = []
    for reminder in uow.reminders.of_member(member_id):
        schedule = replace(reminder.schedule, timezone=timezone)
        upcoming = reminder.next_fire_at
        if schedule.kind is not ScheduleKind.ONCE and upcoming is not None:
            upcoming = first_fire(schedule, now)
        changed = replace(reminder, schedule=schedule, next_fire_at=upcoming)
        uow.reminders.save(changed)
        moved.append(changed)
    return moved


def save_settings(uow: UnitOfWork, settings: ReminderSettings) -> ReminderSettings:
    uow.reminders.save_settings(settings)
    return settings

"""Reminders: personal messages at a time, once or recurring, always in the private chat.

A reminder's schedule is data: its kind, a rule and the member's timezone, so that
wall-clock times ("every Monday at 08:00") survive daylight-saving changes. The next fire
time is kept in UTC beside it; the dispatcher claims due rows and advances them
(bot.services.schedules computes the times).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime

MAX_TEXT = 500


class ScheduleKind(StrEnum):
    ONCE = "once"  # rule: the instant, ISO 8601 in UTC ("over 2 uur", a snooze)
    # rule: a wall-clock time, ISO 8601 without offset, in the schedule's timezone
    # ("24 dec om 10u"): it stays 10:00 when the member moves to another timezone.
    LOCAL = "local"
    CRON = "cron"  # rule: "minute|hour|day|month|day_of_week" (APScheduler CronTrigger fields)
    MONTHDAY = "monthday"  # rule: "day|hour|minute": that day, or the month's last if shorter
    WEEKS = "weeks"  # rule: "interval|day_of_week|hour|minute|first date": every N weeks


class ReminderState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"


class ReminderKind(StrEnum):
    USER = "user"  # set by the member
    BUILTIN = "builtin"  # offered by the bot (goal dates, log nudges)


@dataclass(frozen=True)
class Schedule:
    kind: ScheduleKind
    rule: str
    timezone: str

    @property
    def recurring(self) -> bool:
        return self.kind not in (ScheduleKind.ONCE, ScheduleKind.LOCAL)


@dataclass(frozen=True)
class Reminder:
    member_id: int
    text: str
    schedule: Schedule
    next_fire_at: datetime | None  # UTC; None once done
    created_at: datetime
    state: ReminderState = ReminderState.ACTIVE
    kind: ReminderKind = ReminderKind.USER
    number: int = 0  # per member, shown in lists; given by the store
    id: int = 0

    def paused(self) -> Reminder:
        return replace(self, state=ReminderState.PAUSED)


@dataclass(frozen=True)
class QuietHours:
    """A daily window in local time in which nothing is delivered; may wrap midnight."""

    start: time = time(21, 0)
    end: time = time(7, 0)

    def contains(self, moment: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class Nudge(StrEnum):
    """Built-in reminders the bot sends when a member opted in (at most one a day)."""

    GOALS = "goals"  # a goal's target date is 7 days or 1 day away
    REFLECT = "reflect"  # yesterday's activity has no reflection yet
    LOG = "log"  # Friday, and nothing was logged this week


@dataclass(frozen=True)
class ReminderSettings:
    """A member's preferences for delivery; the defaults hold until they change one."""

    member_id: int
    quiet: QuietHours | None = QuietHours()  # None: quiet hours off
    paused_until: date | None = None  # vakantiestand: nothing is delivered before this day
    nudges: frozenset[Nudge] = frozenset()  # opted-in built-in reminders; none by default


@dataclass(frozen=True)
class NudgeTarget:
    """A member who opted in to built-in reminders, with what delivering one needs."""

    member_id: int
    language: str
    timezone: str
    settings: ReminderSettings
    identities: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DueReminder:
    """A claimed reminder with what the dispatcher needs to deliver it, read in one query."""

    reminder: Reminder
    language: str
    settings: ReminderSettings
    identities: tuple[tuple[str, str], ...]  # (platform, user id)

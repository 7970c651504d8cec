"""The reminder dispatcher: due reminders become outbox rows, exactly once.

One job per process (bot.scheduling) calls `dispatch_due` every second. Each batch is one
transaction: claim due reminders (PostgreSQL: SKIP LOCKED, so several processes share the
work; SQLite: the single writer), write one outbox row per occurrence — keyed
``reminder:<id>:<scheduled UTC>`` so a race or a retry can never queue it twice — and
advance each reminder to its next time. A crash before the commit leaves the reminders
due, and the next run does the same work again.

After downtime an occurrence missed by less than the grace period is delivered once,
marked late; an older one is skipped to the next occurrence (a one-off one is still
delivered once, late: nothing is lost). Quiet hours move the outbox row's due time to
their end; a holiday pause skips recurring occurrences and postpones one-off ones.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.handlers.reminders import reminder_buttons
from bot.chat.messages import Choice, Outgoing
from bot.domain.reminders import ReminderState
from bot.i18n import Msg
from bot.services.ports import NewDelivery
from bot.services.schedules import after_quiet_hours, first_fire, next_fire, zone

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.clock import Clock
    from bot.domain.reminders import DueReminder
    from bot.i18n import Translator
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
PAUSE_END_TIME = time(9, 0)


@dataclass(frozen=True)
class DispatchSettings:
    batch: int = 500
    grace: timedelta = timedelta(hours=12)
    max_batches_per_run: int = 1000


@dataclass
class DispatchCounts:
    claimed: int = 0
    queued: int = 0
    late: int = 0
    skipped: int = 0
    postponed: int = 0


def occurrence_key(reminder_id: int, scheduled: datetime) -> str:
    return f"reminder:{reminder_id}:{scheduled.astimezone(UTC).isoformat()}"


@dataclass
class ReminderDispatcher:
    store: Store
    clock: Clock
    translator: Translator
    settings: DispatchSettings = field(default_factory=DispatchSettings)
    # Called after outbox rows were queued: deliverers look at once instead of polling.
    listeners: list[Callable[[], None]] = field(default_factory=list)
    totals: DispatchCounts = field(default_factory=DispatchCounts)

    async def dispatch_due(self) -> DispatchCounts:
        """Batches until nothing is due (or the per-run cap); what was done."""
        run = DispatchCounts()
        for _ in range(self.settings.max_batches_per_run):
            now = self.clock.now()
            counts = await self.store.run(functools.partial(self.fire_batch, now=now))
            for name in vars(run):
                setattr(run, name, getattr(run, name) + getattr(counts, name))
                setattr(self.totals, name, getattr(self.totals, name) + getattr(counts, name))
            if counts.queued:
                for listener in self.listeners:
                    listener()
            if counts.claimed < self.settings.batch:
                break
        return run

    def fire_batch(self, uow: UnitOfWork, now: datetime) -> DispatchCounts:
        """One transaction: claim, queue, advance (synchronous: runs inside store.run)."""
        counts = DispatchCounts()
        due = uow.reminders.claim_due(now, self.settings.batch)
        counts.claimed = len(due)
        deliveries: list[NewDelivery] = []
        changes: list[tuple[int, datetime | None, ReminderState]] = []
        for item in due:
            change, delivery = self._occurrence(item, now, counts)
            changes.append(change)
            if delivery is not None:
                deliveries.append(delivery)
        uow.outbox.enqueue_many(deliveries, now)
        uow.reminders.advance(changes)
        counts.queued = len(deliveries)
        return counts

    def _occurrence(
        self, item: DueReminder, now: datetime, counts: DispatchCounts
    ) -> tuple[tuple[int, datetime | None, ReminderState], NewDelivery | None]:
        reminder = item.reminder
        schedule = reminder.schedule
        scheduled = reminder.next_fire_at
        assert scheduled is not None  # claimed rows are due
        recurring = schedule.recurring
        upcoming = next_fire(schedule, now) if recurring else None
        advanced = (
            reminder.id,
            upcoming,
            ReminderState.ACTIVE if upcoming is not None else ReminderState.DONE,
        )
        local_zone = zone(schedule.timezone)
        paused_until = item.settings.paused_until
        if paused_until is not None and scheduled.astimezone(local_zone).date() < paused_until:
            if recurring:
                counts.skipped += 1
                # The first occurrence on or after the day the pause ends.
                pause_end = datetime.combine(paused_until, time(0), local_zone).astimezone(UTC)
                after_pause = first_fire(schedule, max(now, pause_end))
                state = ReminderState.ACTIVE if after_pause else ReminderState.DONE
                return (reminder.id, after_pause, state), None
            counts.postponed += 1
            back = datetime.combine(paused_until, PAUSE_END_TIME, local_zone).astimezone(UTC)
            return (reminder.id, back, ReminderState.ACTIVE), None
        late = now - scheduled
        if recurring and late > self.settings.grace:
            counts.skipped += 1
            return advanced, None
        if not item.identities:
            log.warning("reminder %s: its member has no identity to deliver to", reminder.id)
            counts.skipped += 1
            return advanced, None
        platform, user_id = item.identities[0]
        is_late = late > timedelta(minutes=1)
        counts.late += is_late
        delivery = NewDelivery(
            key=occurrence_key(reminder.id, scheduled),
            member_id=reminder.member_id,
            platform=platform,
            user_id=user_id,
            payload=wire.dump(self._message(item, scheduled, is_late)),
            due_at=after_quiet_hours(now, item.settings.quiet, schedule.timezone),
        )
        return advanced, delivery

    def _message(self, item: DueReminder, scheduled: datetime, is_late: bool) -> Outgoing:
        language = item.language
        parts = [Msg.of("reminder.fire", text=item.reminder.text)]
        if is_late:
            local = scheduled.astimezone(zone(item.reminder.schedule.timezone))
            parts.append(Msg.of("reminder.late", day=local.date(), time=f"{local:%H:%M}"))
        choices = tuple(
            Choice(spec.key, self.translator.render(language, spec.label).plain)
            for spec in reminder_buttons(item.reminder.id)
        )
        return Outgoing(self.translator.render_lines(language, tuple(parts)), choices=choices)

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

import asyncio
import functools
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.handlers.reminders import reminder_buttons
from bot.chat.messages import Choice, Outgoing, Span, Text
from bot.domain.members import zone
from bot.domain.reminders import ReminderState, Schedule
from bot.i18n import Msg
from bot.metrics import Metrics, NullMetrics
from bot.services.private_messages import PrivateMessage, queue_private_many
from bot.services.schedules import after_pause, after_quiet_hours, next_fire

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.clock import Clock
    from bot.domain.reminders import DueReminder
    from bot.i18n import Translator
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
_SLOT = "\x00text\x00"


@dataclass(frozen=True)
class DispatchSettings:
    batch: int = 500
    grace: timedelta = timedelta(hours=12)
    max_batches_per_run: int = 1000
    workers: int = 2


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
    metrics: Metrics = field(default_factory=NullMetrics)
    _templates: dict[str, tuple[tuple[Span, ...], tuple[tuple[str, str], ...]]] = field(
        default_factory=dict, repr=False
    )

    async def dispatch_due(self) -> DispatchCounts:
        """Batches until nothing is due (or the per-run cap); what was done.

        `workers` transactions run side by side: on PostgreSQL one computes while the
        other waits for the server (SKIP LOCKED keeps their rows apart); on SQLite the
        single database thread takes them in turn."""
        run = DispatchCounts()
        await asyncio.gather(*(self._work(run) for _ in range(self.settings.workers)))
        return run

    async def _work(self, run: DispatchCounts) -> None:
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

    def fire_batch(self, uow: UnitOfWork, now: datetime) -> DispatchCounts:
        """One transaction: claim, queue, advance (synchronous: runs inside store.run)."""
        counts = DispatchCounts()
        due = uow.reminders.claim_due(now, self.settings.batch)
        counts.claimed = len(due)
        deliveries: list[PrivateMessage] = []
        changes: list[tuple[int, datetime | None, ReminderState]] = []
        upcoming: dict[Schedule, datetime | None] = {}  # a burst shares few rules
        for item in due:
            schedule = item.reminder.schedule
            if schedule.recurring and schedule not in upcoming:
                upcoming[schedule] = next_fire(schedule, now)
            change, delivery = self._occurrence(item, now, counts, upcoming.get(schedule))
            changes.append(change)
            if delivery is not None:
                deliveries.append(delivery)
        queue_private_many(uow, deliveries, now)
        uow.reminders.advance(changes)
        counts.queued = len(deliveries)
        return counts

    def _occurrence(
        self,
        item: DueReminder,
        now: datetime,
        counts: DispatchCounts,
        upcoming: datetime | None,
    ) -> tuple[tuple[int, datetime | None, ReminderState], PrivateMessage | None]:
        """What to do with one due reminder; `upcoming` is its next time after `now`."""
        reminder = item.reminder
        schedule = reminder.schedule
        scheduled = reminder.next_fire_at
        assert scheduled is not None  # claimed rows are due
        recurring = schedule.recurring
        advanced = (
            reminder.id,
            upcoming,
            ReminderState.ACTIVE if upcoming is not None else ReminderState.DONE,
        )
        moved = after_pause(schedule, scheduled, item.settings.paused_until, now)
        if moved != scheduled:  # in the holiday pause (shown so by /herinneringen too)
            if recurring:
                counts.skipped += 1
            else:
                counts.postponed += 1
            state = ReminderState.ACTIVE if moved else ReminderState.DONE
            return (reminder.id, moved, state), None
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
        self.metrics.reminder_fired(late.total_seconds())
        counts.late += is_late
        delivery = PrivateMessage(
            member_id=reminder.member_id,
            key=occurrence_key(reminder.id, scheduled),
            payload=wire.dump(self._message(item, scheduled, is_late)),
            due_at=after_quiet_hours(now, item.settings.quiet, schedule.timezone),
            platform=platform,
            user_id=user_id,
        )
        return advanced, delivery

    def _message(self, item: DueReminder, scheduled: datetime, is_late: bool) -> Outgoing:
        language = item.language
        template = self._templates.get(language)
        if template is None:
            template = self._template(language)
        fire, labels = template
        # The reminder's text is a parameter: plain text in a span, never parsed as markup.
        text = Text(tuple(Span(s.text.replace(_SLOT, item.reminder.text), s.style) for s in fire))
        if is_late:
            local = scheduled.astimezone(zone(item.reminder.schedule.timezone))
            late = Msg.of("reminder.late", day=local.date(), time=f"{local:%H:%M}")
            text += Text((Span("\n"),)) + self.translator.render(language, late)
        number = str(item.reminder.id)
        choices = tuple(Choice(prefix + number, label) for prefix, label in labels)
        return Outgoing(text, choices=choices)

    def _template(self, language: str) -> tuple[tuple[Span, ...], tuple[tuple[str, str], ...]]:
        """The delivered message with a slot for the text, and its buttons as (key prefix,
        label), rendered once per language: rendering each of 100,000 reminders afresh
        doubled the time of a burst. A button's key is its prefix + the reminder id."""
        fire = self.translator.render(language, Msg.of("reminder.fire", text=_SLOT)).spans
        buttons = tuple(
            (spec.key.removesuffix("0"), self.translator.render(language, spec.label).plain)
            for spec in reminder_buttons(0)
        )
        self._templates[language] = (fire, buttons)
        return fire, buttons

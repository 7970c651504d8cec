"""Built-in reminders for members who opted in: at most one a day, in the afternoon.

A scheduler job looks every few minutes. From `NUDGE_HOUR` in a member's own timezone it
picks the most useful nudge (bot.services.nudges) and queues it in the outbox with the key
``nudge:<member>:<local date>`` — so a member never gets a second one that day, whatever
the number of runs or processes. Holiday pause and quiet hours apply as to reminders."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.handlers.nudges import nudge_buttons
from bot.chat.messages import Choice, Outgoing
from bot.domain.members import zone
from bot.i18n import Msg
from bot.services import nudges
from bot.services.private_messages import PrivateMessage, queue_private
from bot.services.schedules import after_quiet_hours

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.clock import Clock
    from bot.domain.reminders import NudgeTarget
    from bot.i18n import Translator
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
NUDGE_HOUR = time(16, 0)
NUDGE_POLL_SECONDS = 300.0


@dataclass
class NudgeDispatcher:
    store: Store
    clock: Clock
    translator: Translator
    queued: int = 0
    # Shared with the reminder dispatcher: deliverers look at once after a queue.
    listeners: list[Callable[[], None]] = field(default_factory=list)

    async def run(self) -> int:
        now = self.clock.now()
        count = await self.store.run(lambda uow: self.queue_due(uow, now))
        self.queued += count
        if count:
            for listener in self.listeners:
                listener()
        return count

    def queue_due(self, uow: UnitOfWork, now: datetime) -> int:
        queued = 0
        for target in uow.reminders.nudge_targets():
            delivery = self._nudge(uow, target, now)
            if delivery is not None:
                queued += queue_private(uow, delivery, now)
        return queued

    def _nudge(self, uow: UnitOfWork, target: NudgeTarget, now: datetime) -> PrivateMessage | None:
        local = now.astimezone(zone(target.timezone))
        today = local.date()
        settings = target.settings
        if local.time() < NUDGE_HOUR or not target.identities:
            return None
        if settings.paused_until is not None and today < settings.paused_until:
            return None
        choice = nudges.pick(uow, target.member_id, settings.nudges, today)
        if choice is None:
            return None
        language = target.language
        message = Msg.of(
            f"nudge.{choice.nudge.value}",
            number=choice.number,
            title=choice.title,
            n=choice.days,
        )
        choices = tuple(
            Choice(spec.key, self.translator.render(language, spec.label).plain)
            for spec in nudge_buttons(choice.nudge)
        )
        outgoing = Outgoing(self.translator.render_lines(language, (message,)), choices=choices)
        platform, user_id = target.identities[0]
        return PrivateMessage(
            member_id=target.member_id,
            key=f"nudge:{target.member_id}:{today.isoformat()}",
            payload=wire.dump(outgoing),
            due_at=after_quiet_hours(now, settings.quiet, target.timezone),
            platform=platform,
            user_id=user_id,
        )

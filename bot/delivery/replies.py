"""Answering one incoming message through an adapter, the same way on every platform.

1. What waited for the member's private chat (claimed by the router in the transaction of
   this message) is sent first, so that after opening a private chat the member sees what
   they asked for in the group before anything else.
2. Personal replies to a group command go to the private chat. When it cannot be reached,
   they are parked in the outbox (bot.delivery.parking) and the group gets a note for the
   member, in their language, answering their command, instead of the acknowledgement.
3. What is meant for the chat itself is sent there; an acknowledgement becomes a reaction
   on the member's message where the platform has one, so a busy group stays quiet.

No send failure aborts this: the message's effect is committed before anything is sent,
and a reply the platform would not take after the adapter's immediate retries is kept
(bot.delivery.keeping) and sent when the platform recovers — the rest of the answer, the
group acknowledgement included, still goes out. A kept reply may arrive after a later one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.chat.messages import Destination
from bot.delivery.channel import Unreachable
from bot.delivery.keeping import keep_in_group, keep_private
from bot.delivery.parking import park

if TYPE_CHECKING:
    from bot.chat.messages import Incoming, Outgoing
    from bot.chat.replies import Answer
    from bot.chat.router import Router
    from bot.clock import Clock
    from bot.delivery.channel import ReplyChannel
    from bot.delivery.outbox import Deliverer
    from bot.i18n import Translator
    from bot.services.ports import Store

log = logging.getLogger(__name__)


class Replies:
    def __init__(
        self,
        router: Router,
        store: Store,
        clock: Clock,
        translator: Translator,
        channel: ReplyChannel,
        deliverer: Deliverer,
    ) -> None:
        self._router = router
        self._store = store
        self._clock = clock
        self._translator = translator
        self._channel = channel
        self._deliverer = deliverer
        self.reacted = 0  # acknowledgements shown as reactions (tests, benchmarks)
        self.parked = 0  # replies parked for an unreachable private chat
        self.kept = 0  # replies kept after a failed send, sent later

    async def answer(self, incoming: Incoming) -> Answer:
        """The core's answer, not yet sent (an adapter may first answer a press)."""
        return await self._router.answer(incoming)

    async def handle(self, incoming: Incoming) -> Answer:
        answer = await self.answer(incoming)
        await self.deliver(incoming, answer)
        return answer

    async def deliver(self, incoming: Incoming, answer: Answer) -> None:
        kept = self.kept
        await self._deliver(incoming, answer)
        if self.kept == kept and answer.replies:
            await self._deliverer.succeeded()  # sends go through: the platform is fine

    async def _deliver(self, incoming: Incoming, answer: Answer) -> None:
        if answer.waiting:
            await self._deliverer.deliver_claimed(answer.waiting)
        replies = [reply for reply in answer.replies if not reply.toast]
        private = [r for r in replies if r.destination is Destination.PRIVATE]
        here = [r for r in replies if r.destination is Destination.HERE]
        if private and not await self._send_private(incoming, private):
            here = [r for r in here if not r.is_ack]  # the note replaces the acknowledgement
        for index, reply in enumerate(here):
            try:
                if reply.is_ack and await self._channel.react(incoming, reply.ack_kind):
                    self.reacted += 1
                    continue
                await self._channel.send_here(incoming, reply)
            except Exception as error:
                # The rest waits too, so that what is kept keeps its order.
                await self._keep_here(incoming, here[index:], error)
                return

    async def _send_private(self, incoming: Incoming, replies: list[Outgoing]) -> bool:
        """False when the member's private chat cannot be reached (the rest is parked).
        What fails otherwise is kept, with the rest, and counts as on its way."""
        for index, reply in enumerate(replies):
            try:
                await self._channel.send_private(incoming.sender.id, reply)
            except Unreachable:
                await self._park(incoming, replies[index:])
                return False
            except Exception:
                log.warning("reply to %s kept for later", incoming.sender.id, exc_info=True)
                await self._keep(incoming, replies[index:], part="private")
                return True
        return True

    async def _keep_here(
        self, incoming: Incoming, replies: list[Outgoing], error: Exception
    ) -> None:
        if not incoming.chat.is_private:
            log.warning("reply in %s kept for later", incoming.chat.id, exc_info=error)
            now = self._clock.now()
            kept = await self._store.run(lambda uow: keep_in_group(uow, incoming, replies, now))
            self.kept += kept
            return
        # In a one-to-one chat, "here" is the member's private chat: the outbox keeps it.
        blocked = isinstance(error, Unreachable)
        log.warning("reply to %s kept for later (%s)", incoming.chat.id, error)
        await self._keep(incoming, replies, part="here", blocked=blocked)

    async def _keep(
        self, incoming: Incoming, replies: list[Outgoing], *, part: str, blocked: bool = False
    ) -> None:
        now = self._clock.now()
        kept = await self._store.run(
            lambda uow: keep_private(uow, incoming, replies, now, part=part, blocked=blocked)
        )
        self.kept += kept
        self._deliverer.failed()  # retried with backoff, sooner once the platform recovers

    async def _park(self, incoming: Incoming, replies: list[Outgoing]) -> None:
        now = self._clock.now()
        note = await self._store.run(
            lambda uow: park(uow, self._translator, incoming, replies, now)
        )
        self.parked += len(replies)
        if note is None:
            return
        try:
            await self._channel.send_unreachable_note(incoming.chat.id, note)
        except Exception:
            log.warning("could not post the private-chat note in %s", incoming.chat.id)

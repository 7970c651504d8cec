"""Answering one incoming message through an adapter, the same way on every platform.

1. What waited for the member's private chat (claimed by the router in the transaction of
   this message) is sent first, so that after opening a private chat the member sees what
   they asked for in the group before anything else.
2. Personal replies to a group command go to the private chat. When it cannot be reached,
   they are parked in the outbox (bot.delivery.parking) and the group gets a note for the
   member, in their language, answering their command, instead of the acknowledgement.
3. What is meant for the chat itself is sent there; an acknowledgement becomes a reaction
   on the member's message where the platform has one, so a busy group stays quiet.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.chat.messages import Destination
from bot.delivery.channel import Unreachable
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

    async def answer(self, incoming: Incoming) -> Answer:
        """The core's answer, not yet sent (an adapter may first answer a press)."""
        return await self._router.answer(incoming)

    async def handle(self, incoming: Incoming) -> Answer:
        answer = await self.answer(incoming)
        await self.deliver(incoming, answer)
        return answer

    async def deliver(self, incoming: Incoming, answer: Answer) -> None:
        if answer.waiting:
            await self._deliverer.deliver_claimed(answer.waiting)
        replies = [reply for reply in answer.replies if not reply.toast]
        private = [r for r in replies if r.destination is Destination.PRIVATE]
        here = [r for r in replies if r.destination is Destination.HERE]
        if private and not await self._send_private(incoming, private):
            here = [r for r in here if not r.is_ack]  # the note replaces the acknowledgement
        for reply in here:
            try:
                if reply.is_ack and await self._channel.react(incoming, reply.ack_kind):
                    self.reacted += 1
                    continue
                await self._channel.send_here(incoming, reply)
            except Exception:
                log.warning("reply in %s not sent", incoming.chat.id, exc_info=True)

    async def _send_private(self, incoming: Incoming, replies: list[Outgoing]) -> bool:
        """False when the member's private chat cannot be reached (the rest is parked)."""
        for index, reply in enumerate(replies):
            try:
                await self._channel.send_private(incoming.sender.id, reply)
            except Unreachable:
                await self._park(incoming, replies[index:])
                return False
        return True

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

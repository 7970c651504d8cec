"""Delivers the outbox (bot.domain.outbox) through one platform's private chats.

One `Deliverer` per adapter. It claims due rows in small batches (leased, so several
processes can share one PostgreSQL store), sends each through the adapter — which paces
every send through the shared `Shaper` — and marks each row right after its send, so a
crash can at worst repeat the one message in flight, and never loses one.

An adapter reports how a send went by returning, or by raising:
- `Unreachable`: the member has no private chat with the bot (never opened one, or blocked
  it). The row waits as *blocked*; the first time, the member gets a short, content-free
  note in a group they share with the bot. When they next write to the bot privately, the
  router unblocks their rows and the deliverer sends them.
- `TryLater(seconds)`: the platform asked to slow down; the row is due again then.
- anything else: retried with exponential backoff. Once a send succeeds again (here, or a
  live reply through `succeeded()`), the platform has recovered: rows waiting after a
  failure are due at once instead of at the end of their backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.delivery.channel import TryLater, Unreachable
from bot.delivery.notes import note_for
from bot.domain.outbox import NO_NOTICE
from bot.services import private_messages
from bot.services.private_messages import PrivateMessage

if TYPE_CHECKING:
    from bot.chat.messages import Outgoing
    from bot.clock import Clock
    from bot.delivery.channel import OutboxChannel, UnreachableNote
    from bot.domain.outbox import Delivery
    from bot.i18n import Translator
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
_SENT, _BLOCKED = "sent", "blocked"  # how a delivery went, besides "again at <time>"


@dataclass(frozen=True)
class DeliverySettings:
    batch: int = 50
    lease: timedelta = timedelta(minutes=2)
    idle_poll_seconds: float = 2.0
    max_backoff_seconds: float = 600.0
    purge_sent_after: timedelta = timedelta(days=7)


def queue_private(
    uow: UnitOfWork,
    platform: str,
    user_id: str,
    messages: list[Outgoing],
    *,
    key: str,
    now: datetime,
    notice_chat_id: str | None = None,
    blocked: bool = False,
) -> int:
    """Put messages for the private chat of the member known as `user_id` on `platform` in
    the outbox (in the caller's transaction), through bot.services.private_messages. `key`
    identifies their cause; each message gets `key:n`."""
    member = uow.members.by_identity(platform, user_id)
    if member is None:
        return 0
    return sum(
        private_messages.queue_private(
            uow,
            PrivateMessage(
                member_id=member.id,
                key=f"{key}:{number}",
                payload=wire.dump(message),
                platform=platform,
                user_id=user_id,
                notice_chat_id=notice_chat_id,
                blocked=blocked,
            ),
            now,
        )
        for number, message in enumerate(messages)
    )


class Deliverer:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        channel: OutboxChannel,
        translator: Translator,
        settings: DeliverySettings | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._channel = channel
        self._translator = translator
        self.settings = settings or DeliverySettings()
        self._wake = asyncio.Event()
        self._delivering = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.sent = 0  # counters, for tests and benchmarks
        self.blocked = 0
        self._failing = False  # a send failed since the last one that went through

    @property
    def platform(self) -> str:
        return self._channel.platform

    def poke(self) -> None:
        """Something is due now (a reply was queued, a member unblocked): look at once."""
        self._wake.set()

    def failed(self) -> None:
        """A send on this platform failed; what failed waits in the outbox."""
        self._failing = True
        self.poke()

    async def succeeded(self) -> None:
        """A send on this platform went through: if sends were failing, the platform has
        recovered, and what waits after a failure is due now."""
        if not self._failing:
            return
        self._failing = False
        now = self._clock.now()
        platform = self.platform
        if await self._store.run(lambda uow: uow.outbox.retry_now(platform, now)):
            self.poke()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"deliverer-{self.platform}")

    async def stop(self) -> None:
        """Stop claiming; the batch in hand is finished first, so no lease is left behind."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    _stopping = False

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                handled = await self.deliver_due()
            except Exception:
                log.exception("outbox delivery on %s failed; trying again", self.platform)
                handled = 0
            if handled == 0 and not self._stopping:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.idle_poll_seconds)

    async def deliver_due(self) -> int:
        """Claim and send one batch; the number of rows handled (0: nothing was due). One
        batch at a time: a caller that wants what is due delivered (the console between
        piped lines) also waits for a batch the loop has in hand."""
        async with self._delivering:
            return await self._deliver_batch()

    async def _deliver_batch(self) -> int:
        now = self._clock.now()
        batch = await self._store.run(
            lambda uow: uow.outbox.claim(
                self.platform, now, self.settings.batch, now + self.settings.lease
            )
        )
        per_user: dict[str, list[Delivery]] = {}
        for delivery in batch:
            per_user.setdefault(delivery.user_id, []).append(delivery)
        # Users in parallel (the adapter's shaper paces them); one user's messages in order.
        await asyncio.gather(*(self._deliver_in_order(rows) for rows in per_user.values()))
        return len(batch)

    async def _deliver_in_order(self, rows: list[Delivery]) -> None:
        for index, delivery in enumerate(rows):
            outcome = await self._deliver(delivery)
            if outcome is _SENT:
                continue
            for rest in rows[index + 1 :]:  # the rest waits too, to keep the order
                if outcome is _BLOCKED:
                    await self._block(rest)
                elif isinstance(outcome, datetime):
                    await self._store.run(partial(_retry_at, rest.id, outcome))
            return

    async def deliver_claimed(self, rows: list[Delivery]) -> None:
        """Send rows claimed elsewhere (the router claims a member's waiting messages in
        the transaction of their first private message), in order."""
        await self._deliver_in_order(rows)

    async def _deliver(self, delivery: Delivery) -> datetime | str:
        """`_SENT`, `_BLOCKED` (the member cannot be reached), or when to try again."""
        try:
            message = wire.load(delivery.payload)
        except (KeyError, TypeError, ValueError):
            log.error("outbox row %s has an unreadable payload; marked sent", delivery.id)
            await self._store.run(lambda uow: uow.outbox.mark_sent(delivery.id, self._clock.now()))
            return _SENT
        try:
            await self._channel.send_private(delivery.user_id, message)
        except Unreachable:
            await self._block(delivery)
            return _BLOCKED
        except TryLater as later:
            at = self._clock.now() + timedelta(seconds=later.seconds)
            await self._store.run(lambda uow: uow.outbox.retry_at(delivery.id, at))
            return at
        except Exception:
            self._failing = True
            seconds = min(2.0 ** min(delivery.attempts, 20), self.settings.max_backoff_seconds)
            log.warning(
                "sending outbox row %s on %s failed (attempt %s); again in %.0f s",
                delivery.id,
                self.platform,
                delivery.attempts,
                seconds,
                exc_info=True,
            )
            at = self._clock.now() + timedelta(seconds=seconds)
            await self._store.run(lambda uow: uow.outbox.retry_at(delivery.id, at))
            return at
        self.sent += 1
        await self._store.run(lambda uow: uow.outbox.mark_sent(delivery.id, self._clock.now()))
        await self.succeeded()
        return _SENT

    async def _block(self, delivery: Delivery) -> None:
        self.blocked += 1

        def block(uow: UnitOfWork) -> tuple[str, UnreachableNote] | None:
            first = uow.outbox.mark_blocked(delivery.id)
            if delivery.notice_chat_id == NO_NOTICE:
                chat = None
            else:
                chat = delivery.notice_chat_id or uow.communities.latest_chat(
                    delivery.member_id, delivery.platform
                )
            member = uow.members.get(delivery.member_id)
            if not first or chat is None or member is None:
                return None
            note = note_for(
                self._translator, member.language, delivery.user_id, member.display_name
            )
            return chat, note

        note = await self._store.run(block)
        if note is not None:
            chat, text = note
            try:
                await self._channel.send_unreachable_note(chat, text)
            except Exception:
                log.warning("could not post the DM note in %s", chat, exc_info=True)


def _retry_at(delivery_id: int, at: datetime, uow: UnitOfWork) -> None:
    uow.outbox.retry_at(delivery_id, at)

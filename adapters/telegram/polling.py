"""Long polling with our own getUpdates loop: nothing lost, nobody waiting for someone else.

Fetched updates are first kept in the store's inbox (`inbox.keep`), then join their chat's
queue (updates.py), and the loop polls again at once with an offset past them: once kept,
they are safe, so Telegram may forget them. One member's slow or failing sends therefore
never hold up another member's updates, however many wait in one busy chat. Each update is
forgotten (`inbox.forget`) once handled; after a crash the ones still kept are handed over
again at start. Handled twice that way, an update has no second effect: the core claims
each update id in the transaction of its effect.

A poll that fails or hangs (no answer within the poll time plus a grace) is retried with
exponential backoff up to `backoff_max`, or after the time a 429 asks for.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import Forbidden, InvalidToken, RetryAfter, TelegramError

from adapters.telegram.pacing import seconds
from adapters.telegram.translate import ALLOWED_UPDATES, PLATFORM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from telegram import Bot

    from adapters.telegram.updates import UpdateHandler
    from bot.clock import Clock
    from bot.services.ports import Store

log = logging.getLogger(__name__)
BACKOFF_BASE = 0.5


class Poller:
    def __init__(
        self,
        bot: Bot,
        updates: UpdateHandler,
        store: Store,
        clock: Clock,
        *,
        timeout: int,
        grace: float = 5.0,
        backoff_max: float = 30.0,
    ) -> None:
        self._bot = bot
        self._updates = updates
        self._store = store
        self._clock = clock
        self._timeout = timeout
        self._grace = grace
        self._backoff_max = backoff_max
        self._task: asyncio.Task[None] | None = None
        self._forgetting: asyncio.Task[None] | None = None
        self._stopping = False
        self._offset: int | None = None
        self._open: set[int] = set()  # kept and handed over, not handled yet
        self._handled: list[int] = []  # handled, still to be forgotten
        self._wake = asyncio.Event()
        # For /healthz and /metrics (adapters/ops): the connection as polling sees it.
        self.connected = False
        self.reconnects = 0
        self.down = "not started"

    def _key(self, update_id: int) -> str:
        return f"{self._bot.id}:{update_id}"  # as translate.message_id names it

    async def start(self) -> None:
        await self._bot.delete_webhook(drop_pending_updates=False)
        self._stopping = False
        prefix = self._key(0).removesuffix("0")
        kept = await self._store.run(lambda uow: uow.inbox.kept(PLATFORM))
        left = [Update.de_json(data, self._bot) for key, data in kept if key.startswith(prefix)]
        if left:
            log.info("Telegram: %s updates kept from before are handled first", len(left))
            self._hand_over(left)
        self._forgetting = asyncio.create_task(self._forget(), name="telegram-forget")
        self._task = asyncio.create_task(self._poll(), name="telegram-poll")

    async def stop(self) -> None:
        """Stop fetching; what was fetched is handled (and forgotten) first."""
        self._stopping = True
        for task in (self._task, self._forgetting):
            if task is not None:
                # Waiting for updates or backing off: abandoning that loses nothing, since
                # everything fetched is kept before it is confirmed.
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._forgetting = None
        await self._updates.drain()
        await self._forget_handled()
        if self._offset is not None:
            # Confirm now; otherwise the next start would fetch them again (harmlessly:
            # redeliveries are no-ops, but there is no need).
            with contextlib.suppress(TelegramError):
                await self._bot.get_updates(offset=self._offset, timeout=0, limit=1)

    def _hand_over(self, updates: Sequence[Update]) -> None:
        self._open.update(u.update_id for u in updates)
        self._updates.submit(updates, self._done)

    def _done(self, update_id: int) -> None:
        self._open.discard(update_id)
        self._handled.append(update_id)
        self._wake.set()

    async def _poll(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                updates = await self._bot.get_updates(
                    offset=self._offset,
                    timeout=self._timeout,
                    read_timeout=self._timeout + self._grace,
                    allowed_updates=ALLOWED_UPDATES,
                )
                fresh = [u for u in updates if u.update_id not in self._open]
                if fresh:
                    await self._keep(fresh)
            except (InvalidToken, Forbidden):
                log.critical("Telegram refused the token; polling stops")
                self.connected, self.down = False, "Telegram refused the token"
                return
            except Exception as error:  # 5xx, 429, 409, a hung poll (TimedOut), the store
                failures += 1
                self.connected, self.down = False, f"getUpdates failed: {type(error).__name__}"
                delay = min(BACKOFF_BASE * 2 ** (failures - 1), self._backoff_max)
                if isinstance(error, RetryAfter):
                    delay = max(delay, seconds(error.retry_after))
                log.warning("getUpdates failed (%s); again in %.1f s", error, delay)
                await asyncio.sleep(delay)
                continue
            failures = 0
            if not self.connected:
                self.connected, self.down = True, ""
                self.reconnects += 1
            if fresh:
                self._hand_over(fresh)
            if updates:
                self._offset = max(u.update_id for u in updates) + 1

    async def _keep(self, updates: list[Update]) -> None:
        now = self._clock.now()
        received: list[tuple[str, dict[str, Any]]] = [
            (self._key(u.update_id), json.loads(u.to_json())) for u in updates
        ]
        await self._store.run(lambda uow: uow.inbox.keep(PLATFORM, received, now))

    async def _forget(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self._forget_handled()
            except Exception:
                log.warning("could not forget handled updates; later again", exc_info=True)
                await asyncio.sleep(1.0)

    async def _forget_handled(self) -> None:
        handled, self._handled = self._handled, []
        if handled:
            keys = [self._key(update_id) for update_id in handled]
            try:
                await self._store.run(lambda uow: uow.inbox.forget(PLATFORM, keys))
            except BaseException:
                self._handled = handled + self._handled  # forgotten next time
                raise

"""Long polling with our own getUpdates loop, exactly once across crashes.

The offset that confirms a batch is sent only after the whole batch was handled (PTB's
``Updater`` confirms on the next fetch, before handling, so a crash there would lose
updates). A crash mid-batch means Telegram sends the batch again; the core claims each
update id in the transaction of its effect, so the handled ones are no-ops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from telegram.error import Conflict, Forbidden, InvalidToken, RetryAfter, TelegramError

from adapters.telegram.pacing import seconds
from adapters.telegram.translate import ALLOWED_UPDATES

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from telegram import Bot, Update

log = logging.getLogger(__name__)
NETWORK_BACKOFF_MAX = 60.0


class Poller:
    def __init__(
        self,
        bot: Bot,
        handle_batch: Callable[[Sequence[Update]], Awaitable[None]],
        *,
        timeout: int,
    ) -> None:
        self._bot = bot
        self._handle_batch = handle_batch
        self._timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._idle = False
        # For /healthz and /metrics (adapters/ops): the connection as polling sees it.
        self.connected = False
        self.reconnects = 0
        self.down = "not started"

    async def start(self) -> None:
        await self._bot.delete_webhook(drop_pending_updates=False)
        self._stopping = False
        self._task = asyncio.create_task(self._poll(), name="telegram-poll")

    async def stop(self) -> None:
        """The batch in hand is finished and confirmed first."""
        self._stopping = True
        task, self._task = self._task, None
        if task is None:
            return
        if self._idle:
            # Waiting for updates or backing off: abandoning that loses nothing.
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _poll(self) -> None:
        offset: int | None = None
        failures = 0
        while not self._stopping:
            self._idle = True
            try:
                updates = await self._bot.get_updates(
                    offset=offset, timeout=self._timeout, allowed_updates=ALLOWED_UPDATES
                )
            except asyncio.CancelledError:
                if self._stopping:
                    break
                raise
            except (InvalidToken, Forbidden):
                log.critical("Telegram refused the token; polling stops")
                self.connected, self.down = False, "Telegram refused the token"
                return
            except (Conflict, TelegramError) as error:
                failures += 1
                self.connected, self.down = False, f"getUpdates failed: {type(error).__name__}"
                delay = min(2.0 ** min(failures, 10), NETWORK_BACKOFF_MAX)
                if isinstance(error, RetryAfter):
                    delay = max(delay, seconds(error.retry_after))
                log.warning("getUpdates failed (%s); again in %.0f s", error, delay)
                try:
                    await asyncio.sleep(delay)
                except asyncio.CancelledError:
                    if self._stopping:
                        break
                    raise
                continue
            finally:
                self._idle = False
            failures = 0
            if not self.connected:
                self.connected, self.down = True, ""
                self.reconnects += 1
            if updates:
                await self._handle_batch(updates)
                offset = updates[-1].update_id + 1
        if offset is not None:
            # Confirm the last batch now; otherwise the next start would fetch it again
            # (harmlessly: redeliveries are no-ops, but there is no need).
            with contextlib.suppress(TelegramError):
                await self._bot.get_updates(offset=offset, timeout=0, limit=1)

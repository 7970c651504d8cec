"""The Telegram adapter: wires one bot account's parts and runs them in the one event loop.

- translate.py: updates -> neutral events (a table);
- updates.py: batches per chat, events to the core, replies back;
- polling.py / webhook.py: how updates arrive (long polling unless a webhook URL is set);
- sending.py: neutral messages -> Bot API calls; pacing.py: every call through the shaper;
- admins.py: group administrators (moderators); menus.py: the command menus.

Lifecycle, driven explicitly (no ``run_polling``): ``start()`` initialises the PTB
``Application`` (getMe), sets the command menus, starts receiving updates and the outbox
deliverer; ``stop()`` finishes the batch in hand first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from telegram.ext import Application

from adapters.telegram.admins import Administrators
from adapters.telegram.menus import set_menus
from adapters.telegram.pacing import ShapingRateLimiter
from adapters.telegram.polling import Poller
from adapters.telegram.sending import Sending
from adapters.telegram.translate import PLATFORM, Me
from adapters.telegram.updates import UpdateHandler
from adapters.telegram.webhook import WebhookServer
from bot.delivery.groups import GroupPoster
from bot.delivery.outbox import Deliverer, DeliverySettings
from bot.delivery.shaping import Limits, Shaper

if TYPE_CHECKING:
    from collections.abc import Sequence

    from telegram import Bot, Update

    from adapters.telegram.config import TelegramConfig
    from bot.bootstrap import Core
    from bot.chat.messages import Outgoing, Text

log = logging.getLogger(__name__)

_HTTP_POOL = 8  # connections for requests other than getUpdates


class TelegramAdapter:
    """One bot account. Implements the runtime's Adapter and the outbox's PrivateChannel."""

    name = "telegram"
    platform = PLATFORM

    def __init__(
        self,
        core: Core,
        config: TelegramConfig,
        *,
        limits: Limits | None = None,
        delivery: DeliverySettings | None = None,
    ) -> None:
        if config.token is None:
            raise ValueError("no Telegram token configured")
        self.core = core
        self.config = config
        self.shaper = Shaper(limits or Limits.telegram())
        self.pacing = ShapingRateLimiter(self.shaper, max_in_flight=_HTTP_POOL)
        api = config.api_url.rstrip("/")
        self.app = (
            Application.builder()
            .token(config.token.get_secret_value())
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .updater(None)
            .rate_limiter(self.pacing)
            # Long polls need a read timeout longer than the poll itself.
            .get_updates_read_timeout(config.poll_timeout + 10)
            .connection_pool_size(_HTTP_POOL)
            .build()
        )
        self.username = ""
        self.sending = Sending(self.bot, lambda: self.username)
        self.admins = Administrators(self.bot, config.admin_cache_seconds)
        self.updates = UpdateHandler(core, self.sending, self.admins)
        self.poller = Poller(self.bot, self.handle_batch, timeout=config.poll_timeout)
        self.webhook = WebhookServer(self.bot, config, self.handle_batch)
        self.deliverer = Deliverer(core.store, core.clock, self, core.translator, delivery)
        self.group_poster = GroupPoster(core.store, core.clock, self)
        self._posts_task: asyncio.Task[None] | None = None

    @property
    def bot(self) -> Bot:
        return self.app.bot

    @property
    def handled(self) -> int:
        """Updates handled (tests, benchmark)."""
        return self.updates.handled

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()  # getMe: a wrong token fails here, loudly
        self.username = self.bot.username
        self.updates.me = Me(self.bot.id, self.username)
        await self.set_commands()
        self.core.router.on_unblocked[PLATFORM] = self.deliverer.poke
        self.core.reminders.listeners.append(self.deliverer.poke)
        if self.config.webhook_url:
            await self.webhook.start(self.config.webhook_url)
        else:
            await self.poller.start()
        self.deliverer.start()
        self._posts_task = asyncio.create_task(self._post_to_groups(), name="telegram-posts")
        log.info("Telegram: @%s started", self.username)

    async def stop(self) -> None:
        await self.poller.stop()
        await self.webhook.stop()
        if self._posts_task is not None:
            self._posts_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._posts_task
            self._posts_task = None
        await self.deliverer.stop()
        self.core.router.on_unblocked.pop(PLATFORM, None)
        with contextlib.suppress(ValueError):
            self.core.reminders.listeners.remove(self.deliverer.poke)
        await self.app.shutdown()

    async def set_commands(self) -> None:
        await set_menus(self.bot, self.core.registry, self.core.translator)

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        await self.updates.handle_batch(updates)

    async def handle_update(self, update: Update) -> None:
        await self.updates.handle_update(update)

    async def is_administrator(self, chat_id: int, user_id: int) -> bool:
        return await self.admins.includes(chat_id, user_id)

    # --- posts to groups (a review round's summary) ----------------------------------------

    async def _post_to_groups(self) -> None:
        while True:
            try:
                await self.group_poster.post_due()
            except Exception:
                log.exception("posting to groups failed; trying again")
            await asyncio.sleep(self.config.group_post_seconds)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self.sending.send_group(chat_id, message)

    # --- the outbox's PrivateChannel -------------------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        await self.sending.send_private(user_id, message)

    async def send_unreachable_note(self, chat_id: str, user_id: str, note: Text) -> None:
        await self.sending.send_unreachable_note(chat_id, user_id, note)

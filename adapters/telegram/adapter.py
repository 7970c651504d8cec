"""The Telegram adapter: wires one bot account's parts and runs them in the one event loop.

- translate.py: updates -> neutral events (a table);
- updates.py: batches per chat, events to the core, replies back;
- polling.py / webhook.py: how updates arrive (long polling unless a webhook URL is set);
- sending.py: neutral messages -> Bot API calls (the core's `ReplyChannel`); pacing.py:
  every call through the shaper, with Telegram's limits;
- admins.py: group administrators (moderators); menus.py: the command menus.

What is the same on every platform — parking replies for an unreachable private chat,
delivering the outbox, group posts — is the core's (bot.delivery); the adapter attaches
to it when it starts. Lifecycle, driven explicitly (no ``run_polling``): ``start()``
initialises the PTB ``Application`` (getMe), sets the command menus, attaches, and starts
receiving updates; ``stop()`` finishes the batch in hand first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram.ext import Application

from adapters.ops.status import AdapterStatus
from adapters.telegram.admins import Administrators
from adapters.telegram.menus import set_menus
from adapters.telegram.pacing import TELEGRAM_LIMITS, ShapingRateLimiter
from adapters.telegram.polling import Poller
from adapters.telegram.sending import Sending
from adapters.telegram.translate import PLATFORM, Me
from adapters.telegram.updates import UpdateHandler
from adapters.telegram.webhook import WebhookServer
from bot.delivery.replies import Replies
from bot.delivery.shaping import Shaper

if TYPE_CHECKING:
    from collections.abc import Sequence

    from telegram import Bot, Update

    from adapters.telegram.config import TelegramConfig
    from bot.bootstrap import Core
    from bot.chat.messages import Incoming, Outgoing
    from bot.delivery.channel import UnreachableNote
    from bot.delivery.outbox import Deliverer, DeliverySettings
    from bot.delivery.platforms import Attached
    from bot.delivery.shaping import Limits

log = logging.getLogger(__name__)


class TelegramAdapter:
    """One bot account. Implements the runtime's Adapter and the core's ReplyChannel."""

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
        self.shaper = Shaper(limits or TELEGRAM_LIMITS)
        self.pacing = ShapingRateLimiter(self.shaper, max_in_flight=config.connections)
        api = config.api_url.rstrip("/")
        self.app = (
            Application.builder()
            .token(config.token.get_secret_value())
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .updater(None)
            .rate_limiter(self.pacing)
            # Long polls need a read timeout longer than the poll itself; longer than that
            # and the poll hangs: the poller gives up on it and polls again.
            .get_updates_read_timeout(config.poll_timeout + config.poll_grace_seconds)
            # A send whose answer is this late is retried (it may have been applied).
            .read_timeout(config.send_timeout_seconds)
            .connection_pool_size(config.connections)
            .build()
        )
        self.username = ""
        self.sending = Sending(self.bot, lambda: self.username)
        self.admins = Administrators(self.bot, config.admin_cache_seconds)
        self.updates = UpdateHandler(core.clock, core.translator, self.sending, self.admins)
        self.poller = Poller(
            self.bot,
            self.updates,
            core.store,
            core.clock,
            timeout=config.poll_timeout,
            grace=config.poll_grace_seconds,
            backoff_max=config.poll_backoff_max_seconds,
        )
        self.webhook = WebhookServer(self.bot, config, self.handle_batch)
        self._delivery = delivery
        self._attached: Attached | None = None

    def status(self) -> AdapterStatus:
        """For /healthz and /metrics (adapters/ops)."""
        poller = self.poller
        return AdapterStatus(
            poller.connected, poller.reconnects, self.pacing.retried_after, poller.down
        )

    @property
    def bot(self) -> Bot:
        return self.app.bot

    @property
    def deliverer(self) -> Deliverer:
        """This platform's outbox deliverer (while started)."""
        assert self._attached is not None, "the adapter is not started"
        return self._attached.deliverer

    @property
    def replies(self) -> Replies:
        assert self.updates.replies is not None, "the adapter is not started"
        return self.updates.replies

    @property
    def handled(self) -> int:
        """Updates handled (tests, benchmark)."""
        return self.updates.handled

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()  # getMe: a wrong token fails here, loudly
        self.username = self.bot.username
        self.updates.me = Me(self.bot.id, self.username)
        self.poller.connected, self.poller.down = True, ""
        await self.set_commands()
        core = self.core
        self._attached = attached = core.platforms.attach(self, self._delivery)
        self.updates.replies = Replies(
            core.router, core.store, core.clock, core.translator, self, attached.deliverer
        )
        if self.config.webhook_url:
            await self.webhook.start(self.config.webhook_url)
        else:
            await self.poller.start()
        log.info("Telegram: @%s started", self.username)

    async def stop(self) -> None:
        await self.poller.stop()
        self.poller.connected, self.poller.down = False, "stopped"
        await self.webhook.stop()
        await self.core.platforms.detach(PLATFORM)
        await self.app.shutdown()

    async def set_commands(self) -> None:
        await set_menus(self.bot, self.core.registry, self.core.translator)

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        await self.updates.handle_batch(updates)

    async def handle_update(self, update: Update) -> None:
        await self.updates.handle_update(update)

    async def is_administrator(self, chat_id: int, user_id: int) -> bool:
        return await self.admins.includes(chat_id, user_id)

    # --- the core's ReplyChannel (sending.py) -----------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        await self.sending.send_private(user_id, message)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self.sending.send_group(chat_id, message)

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        await self.sending.send_unreachable_note(chat_id, note)

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        await self.sending.send_here(incoming, message)

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        return await self.sending.react(incoming, ack_kind)

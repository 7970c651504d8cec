"""Webhook mode: an aiohttp server Telegram posts updates to. The HTTP answer is given
after the update was handled, so Telegram sends again what failed."""

from __future__ import annotations

import hmac
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram import Update

from adapters.telegram.translate import ALLOWED_UPDATES

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from aiohttp import web
    from telegram import Bot

    from adapters.telegram.config import TelegramConfig


class WebhookServer:
    def __init__(
        self,
        bot: Bot,
        config: TelegramConfig,
        handle_batch: Callable[[Sequence[Update]], Awaitable[None]],
    ) -> None:
        self._bot = bot
        self._config = config
        self._handle_batch = handle_batch
        self._runner: web.AppRunner | None = None

    async def start(self, url: str) -> None:
        from aiohttp import web

        path = urlsplit(url).path or "/"
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post(path, self._on_update)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, self._config.webhook_listen, self._config.webhook_port).start()
        self._runner = runner
        secret = self._config.webhook_secret
        await self._bot.set_webhook(
            url,
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _on_update(self, request: web.Request) -> web.Response:
        from aiohttp import web

        secret = self._config.webhook_secret
        if secret is not None:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
                return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._bot)
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            return web.Response(status=400)
        # Answered after handling: when handling fails, Telegram delivers it again.
        await self._handle_batch([update])
        return web.Response(status=200)

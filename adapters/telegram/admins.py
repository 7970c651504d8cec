"""Group administrators are a group's moderators. Asking Telegram costs a request, so the
list is remembered per group for a short while (`admin_cache_seconds`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram.error import TelegramError

if TYPE_CHECKING:
    from telegram import Bot

log = logging.getLogger(__name__)


@dataclass
class _Admins:
    user_ids: frozenset[int]
    until: float


class Administrators:
    def __init__(self, bot: Bot, cache_seconds: float) -> None:
        self._bot = bot
        self._cache_seconds = cache_seconds
        self._cached: dict[int, _Admins] = {}

    async def includes(self, chat_id: int, user_id: int) -> bool:
        cached = self._cached.get(chat_id)
        now = time.monotonic()
        if cached is None or cached.until <= now:
            try:
                admins = await self._bot.get_chat_administrators(chat_id)
            except TelegramError as error:
                log.warning("getChatAdministrators(%s) failed: %s", chat_id, error)
                return False
            cached = _Admins(
                frozenset(admin.user.id for admin in admins), now + self._cache_seconds
            )
            self._cached[chat_id] = cached
        return user_id in cached.user_ids

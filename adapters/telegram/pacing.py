"""Every Bot API request goes through the core's `Shaper` (bot/delivery/shaping.py) via
PTB's rate-limiter hook: sends take a slot first; a 429 holds the chat (or, for requests
not aimed at a chat, everything) for the `retry_after` Telegram gave, then retries; network
errors are retried with exponential backoff. Nothing is dropped silently: after the last
attempt the error goes to the caller, and the core keeps the message (bot.delivery.keeping).

A time-out is retried like any network error, although the platform may have applied the
request: such a send can arrive twice ("at least once"). A 429 or a 5xx is a refusal of a
request that was not applied, so its retry never doubles a message."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.shaping import Bucket, Limits

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

    from bot.delivery.shaping import Shaper

log = logging.getLogger(__name__)

# Requests that post something in a chat: these count against Telegram's flood limits.
_SENDS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendChatAction",
    }
)
# Slightly under Telegram's documented limits (about 30 messages a second overall, one a
# second per chat, 20 a minute per group), so that network jitter (two sends arriving
# closer together than they left) does not tip a full bucket over.
TELEGRAM_LIMITS = Limits(
    overall=Bucket(rate=28.0, burst=28),
    private_chat=Bucket(rate=1.0, burst=2),
    group_chat=Bucket(rate=18 / 60, burst=18),
)
# Immediate attempts before the error goes to the caller. Few: a live reply that still
# fails is kept in the outbox by the core (bot.delivery.keeping) and sent with backoff,
# and meanwhile the member's next message is not held up behind it.
RETRY_AFTER_ATTEMPTS = 3
NETWORK_ATTEMPTS = 3


def seconds(period: int | float | timedelta) -> float:
    return period.total_seconds() if isinstance(period, timedelta) else float(period)


class ShapingRateLimiter(BaseRateLimiter[int]):
    def __init__(
        self, shaper: Shaper, *, backoff_base: float = 0.5, max_in_flight: int = 8
    ) -> None:
        self.shaper = shaper
        # No more requests in flight than the HTTP pool has connections: requests waiting
        # inside httpx's pool cost far more CPU than waiting here.
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._backoff_base = backoff_base
        self.retried_after = 0  # how many 429s were honoured (for tests and benchmarks)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id") if endpoint in _SENDS else None
        chat_key = str(chat) if chat is not None else None
        # Group ids are negative; a public chat may be given by its @username.
        group = str(chat).startswith(("-", "@"))
        limited = 0
        failed = 0
        while True:
            if chat_key is not None:
                await self.shaper.acquire(chat_key, group=group)
            try:
                if endpoint == "getUpdates":  # its own connection; never waits behind sends
                    return await callback(*args, **kwargs)
                async with self._in_flight:
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                limited += 1
                self.retried_after += 1
                wait = seconds(error.retry_after)
                log.warning("Telegram asked to wait %.0f s (%s to %s)", wait, endpoint, chat_key)
                if limited >= RETRY_AFTER_ATTEMPTS or endpoint == "getUpdates":
                    raise  # the caller keeps the message; the polling loop backs off itself
                if chat_key is None:
                    # Not a send to a chat (answering a press, say): only this request
                    # waits; holding every chat would make everyone wait for one member.
                    await asyncio.sleep(wait)
                else:
                    self.shaper.hold(wait, chat_key)
            except (BadRequest, Forbidden, InvalidToken):
                raise  # the request itself is wrong or refused: retrying cannot help
            except NetworkError:
                failed += 1
                if failed >= NETWORK_ATTEMPTS or endpoint == "getUpdates":
                    raise  # the caller keeps the message; the polling loop backs off itself
                delay = self._backoff_base * 2 ** (failed - 1)
                log.warning("%s failed (network); retry %s in %.1f s", endpoint, failed, delay)
                await asyncio.sleep(delay)

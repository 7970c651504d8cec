"""Outgoing pacing, in one place for every adapter.

Platforms limit how fast a bot may send, overall, per private chat and per group, and
punish bots that burst. Each adapter builds its `Shaper` with its own platform's `Limits`.
Every send an adapter makes — a reply, an outbox delivery, a review-round prompt — first
takes a slot here, so that a Monday-morning wave of reminders is spread out instead of
rejected. A "retry after" from the platform holds the chat (or everything) for the time
the platform asked.

Buckets are leaky buckets (aiolimiter): `burst` sends at once, then `rate` a second.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

from aiolimiter import AsyncLimiter


@dataclass(frozen=True)
class Bucket:
    rate: float  # sends per second, sustained
    burst: int = 1  # sends allowed at once

    def limiter(self) -> AsyncLimiter:
        return AsyncLimiter(self.burst, self.burst / self.rate)


@dataclass(frozen=True)
class Limits:
    overall: Bucket | None
    private_chat: Bucket | None
    group_chat: Bucket | None

    @classmethod
    def unlimited(cls) -> Limits:
        return cls(None, None, None)


class Shaper:
    """Takes a slot before each send; remembers per-chat buckets for recently used chats."""

    def __init__(self, limits: Limits, max_chats: int = 10_000) -> None:
        self.limits = limits
        self._overall = limits.overall.limiter() if limits.overall else None
        self._chats: OrderedDict[str, AsyncLimiter] = OrderedDict()
        self._max_chats = max_chats
        self._held_until: dict[str | None, float] = {}  # None: everything

    async def acquire(self, chat: str, *, group: bool) -> None:
        """Wait until one more message to `chat` is within every limit."""
        await self._wait_if_held(chat)
        chat_limiter = self._chat_limiter(chat, group)
        if chat_limiter is not None:
            await chat_limiter.acquire()
        if self._overall is not None:
            await self._overall.acquire()

    def hold(self, seconds: float, chat: str | None = None) -> None:
        """The platform said "retry after `seconds`": hold `chat` (None: all sends)."""
        until = asyncio.get_running_loop().time() + seconds
        self._held_until[chat] = max(self._held_until.get(chat, 0.0), until)

    async def _wait_if_held(self, chat: str) -> None:
        loop = asyncio.get_running_loop()
        while True:
            until = max(self._held_until.get(None, 0.0), self._held_until.get(chat, 0.0))
            delay = until - loop.time()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    def _chat_limiter(self, chat: str, group: bool) -> AsyncLimiter | None:
        bucket = self.limits.group_chat if group else self.limits.private_chat
        if bucket is None:
            return None
        limiter = self._chats.get(chat)
        if limiter is None:
            limiter = self._chats[chat] = bucket.limiter()
            if len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)  # the least recently used chat
        else:
            self._chats.move_to_end(chat)
        return limiter

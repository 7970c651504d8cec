"""The adapters attached to the core, and what the core runs for each of them.

An adapter attaches its `OutboxChannel` when it starts: it then gets an outbox `Deliverer`
(woken when reminders are queued or a member's waiting messages became due) and its group
posts are sent by the core's scheduler job `group-posts`, which runs `post_to_groups` for
every attached platform alike. It detaches when it stops.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.delivery.groups import GroupPoster
from bot.delivery.outbox import Deliverer

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.chat.router import Router
    from bot.clock import Clock
    from bot.delivery.channel import OutboxChannel
    from bot.delivery.outbox import DeliverySettings
    from bot.i18n import Translator
    from bot.services.ports import Store

log = logging.getLogger(__name__)


@dataclass
class Attached:
    channel: OutboxChannel
    deliverer: Deliverer
    poster: GroupPoster


@dataclass
class Platforms:
    router: Router
    store: Store
    clock: Clock
    translator: Translator
    # Called when something was queued for private chats (the reminder dispatcher's list).
    listeners: list[Callable[[], None]]
    attached: dict[str, Attached] = field(default_factory=dict)

    def attach(self, channel: OutboxChannel, delivery: DeliverySettings | None = None) -> Attached:
        """Start delivering the outbox and group posts of `channel.platform` through it
        (needs the running event loop)."""
        platform = channel.platform
        if platform in self.attached:
            raise ValueError(f"{platform} is attached already")
        deliverer = Deliverer(self.store, self.clock, channel, self.translator, delivery)
        poster = GroupPoster(self.store, self.clock, channel)
        self.attached[platform] = attached = Attached(channel, deliverer, poster)
        self.router.on_unblocked[platform] = deliverer.poke
        self.listeners.append(deliverer.poke)
        deliverer.start()
        return attached

    async def detach(self, platform: str) -> None:
        attached = self.attached.pop(platform, None)
        if attached is None:
            return
        self.router.on_unblocked.pop(platform, None)
        if attached.deliverer.poke in self.listeners:
            self.listeners.remove(attached.deliverer.poke)
        await attached.deliverer.stop()

    async def post_to_groups(self) -> int:
        """The scheduler's job: pending group posts, for every attached platform."""
        sent = 0
        for attached in list(self.attached.values()):
            before = attached.poster.sent
            try:
                await attached.poster.post_due()
            except Exception:
                log.exception("posting to groups on %s failed", attached.channel.platform)
            sent += attached.poster.sent - before
        return sent

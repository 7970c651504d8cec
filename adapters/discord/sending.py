"""Neutral messages -> Discord messages outside an interaction: DMs (reminders, prompts,
waiting replies) and channel posts (review-round summaries), every one paced by the core's
`Shaper` with Discord's limits. A DM that Discord refuses (50007: DMs closed; 40003: opening
DMs too fast) makes the member `Unreachable`, so the message waits in the outbox instead of
being retried in a loop; a 429 the library could not absorb becomes `TryLater`."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord

from adapters.discord.render import render
from bot.delivery.channel import TryLater, Unreachable
from bot.delivery.shaping import Bucket, Limits

if TYPE_CHECKING:
    from bot.chat.messages import Outgoing
    from bot.delivery.shaping import Shaper

log = logging.getLogger(__name__)

CANNOT_DM = 50007
OPENING_DMS_TOO_FAST = 40003
# Well below Discord's limits: 50 requests a second overall (a leaky bucket of 25/s with a
# burst of 2 puts at most 27 in any second, leaving room for requests that leave together
# after a stall of the event loop), 5 messages per 5 s in one channel.
# Opening a DM is a request too, so it takes an overall slot of its own. DMs to many
# members at once are what gets a bot quarantined, so they are spread out.
DISCORD_LIMITS = Limits(
    overall=Bucket(rate=25.0, burst=2),
    private_chat=Bucket(rate=1.0, burst=5),
    group_chat=Bucket(rate=1.0, burst=5),
)
_DM_CACHE = 10_000


class Sending:
    def __init__(self, client: discord.Client, shaper: Shaper) -> None:
        self._client = client
        self._shaper = shaper
        self.unreachable: set[str] = set()  # members whose DMs failed since the start
        self._dms: OrderedDict[str, discord.DMChannel] = OrderedDict()

    async def _dm(self, user_id: str) -> discord.DMChannel:
        channel = self._dms.get(user_id)
        if channel is None:
            await self._shaper.acquire(f"open:{user_id}", group=False)
            channel = await self._client.create_dm(discord.Object(int(user_id)))
            self._dms[user_id] = channel
            if len(self._dms) > _DM_CACHE:
                self._dms.popitem(last=False)
        else:
            self._dms.move_to_end(user_id)
        return channel

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        try:
            channel = await self._dm(user_id)
            await self._send(channel, message, f"dm:{user_id}", group=False)
        except discord.Forbidden as error:
            if error.code == CANNOT_DM:
                self.unreachable.add(user_id)
                raise Unreachable(str(error)) from error
            raise
        except discord.RateLimited as error:
            raise TryLater(error.retry_after) from error
        except discord.HTTPException as error:
            if error.code == OPENING_DMS_TOO_FAST:
                self.unreachable.add(user_id)
                raise Unreachable(str(error)) from error
            raise

    async def send_channel(self, channel_id: str, message: Outgoing) -> None:
        channel = self._client.get_channel(int(channel_id)) or await self._client.fetch_channel(
            int(channel_id)
        )
        if not isinstance(channel, discord.abc.Messageable):
            raise ValueError(f"channel {channel_id} cannot take messages")
        await self._send(channel, message, f"channel:{channel_id}", group=True)

    async def _send(
        self, channel: discord.abc.Messageable, message: Outgoing, key: str, *, group: bool
    ) -> None:
        rendered = render(message)
        for index in range(len(rendered.texts)):
            await self._shaper.acquire(key, group=group)  # every request takes a slot
            await channel.send(**rendered.kwargs(index))

"""Pytest glue for the fake Discord.

``discord_api`` is a running :class:`DiscordApiServer` with discord.py pointed at it through
its two documented base-URL hooks (``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``,
both process-global: saved and restored here). ``async with connected(client, api)`` logs a
``discord.Client`` in, connects it and waits for READY; on exit it closes the client first
(closed after the fake, it would loop on reconnects).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import discord
import pytest
import yarl

from tests.fakes.discord_api import DiscordApiServer


@contextlib.contextmanager
def pointed_at(rest_url: str, gateway_url: str, cdn_url: str | None = None) -> Iterator[None]:
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    saved_cdn = discord.asset.Asset.BASE
    discord.http.Route.BASE = rest_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    if cdn_url is not None:  # avatars (Asset.BASE: documented as the CDN's address)
        discord.asset.Asset.BASE = cdn_url
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        discord.asset.Asset.BASE = saved_cdn


@pytest.fixture
async def discord_api() -> AsyncIterator[DiscordApiServer]:
    async with DiscordApiServer.running() as api:
        with pointed_at(api.rest_url, api.gateway_url, api.cdn_url):
            yield api


@asynccontextmanager
async def connected(client: discord.Client, api: DiscordApiServer) -> AsyncIterator[None]:
    await client.login(api.token)
    task = asyncio.create_task(client.connect(reconnect=True))
    try:
        async with asyncio.timeout(5):
            await client.wait_until_ready()
        yield
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)

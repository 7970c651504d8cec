"""A loopback Discord (REST API v10 + gateway) for tests, faithful enough for the real
discord.py 2.7 client to log in, connect, receive interactions and answer them.

Start it with ``async with DiscordApiServer.running() as api`` and point discord.py at it
only through its documented base-URL hooks (see ``discord_fixture.pointed_at``)::

    discord.http.Route.BASE = api.rest_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(api.gateway_url)

Tests play the members (``run_command``, ``autocomplete``, ``press``, ``select``,
``submit_modal``) and read what the bot did (``sent``, ``seen_by``, the returned
``Interaction``'s callbacks and followups, ``state.syncs``). ``close_dms`` makes DMs to a
member fail with 50007 (or 40003).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Self

from aiohttp import web

from tests.fakes.discord_gateway import Gateway
from tests.fakes.discord_interactions import USER_INSTALL, MembersAct
from tests.fakes.discord_messages import Interaction, SentMessage
from tests.fakes.discord_model import (
    EVERYONE_PERMISSIONS,
    GUILD_TEXT,
    JSON,
    PUBLIC_THREAD,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    cannot_dm,
    dm_too_fast,
    snowflake,
)
from tests.fakes.discord_rest import Rest
from tests.fakes.discord_state import DiscordState

DEFAULT_TOKEN = "MTAx.fake.discord-bot-token"


class DiscordApiServer(MembersAct):
    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.state = DiscordState(token)
        self.rest = Rest(self.state)
        self.gateway = Gateway(self._ready, self._guilds)
        self.port = 0
        self.last_event: dict[int, tuple[str, JSON]] = {}  # user id -> their last event
        self._runner: web.AppRunner | None = None

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    @asynccontextmanager
    async def running(cls, **kwargs: Any) -> AsyncIterator[Self]:
        api = cls(**kwargs)
        await api.start()
        try:
            yield api
        finally:
            await api.stop()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self.rest.install(app)
        app.router.add_get("/gw", self.gateway.handle)
        app.router.add_get("/gw/", self.gateway.handle)
        app.router.add_get("/cdn/{path:.+}", self._cdn)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        self.gateway.url = self.state.gateway_url = self.gateway_url

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gw"

    def _ready(self) -> JSON:
        return {
            "v": 10,
            "user": self.bot.to_api() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g), "unavailable": True} for g in self.state.guilds],
            "application": {"id": str(self.state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "shard": [0, 1],
        }

    def _guilds(self) -> list[JSON]:
        return [guild.to_api() for guild in self.state.guilds.values()]

    # --- the world -------------------------------------------------------------------------

    def create_user(
        self, name: str, *, locale: str = "nl", avatar: bytes | None = None
    ) -> FakeUser:
        """A user; `avatar` (PNG bytes) becomes their avatar on the fake CDN."""
        user_id = snowflake()
        avatar_hash = f"{user_id:x}" if avatar is not None else None
        user = FakeUser(user_id, name.lower().replace(" ", "_"), name, locale, avatar=avatar_hash)
        if avatar is not None:
            self.state.cdn[f"avatars/{user_id}/{avatar_hash}.png"] = avatar
        self.state.users[user.id] = user
        return user

    def upload(self, filename: str, content: bytes, content_type: str) -> JSON:
        """A file a member attaches (to a slash command or a message): its attachment
        object, its bytes on the fake CDN."""
        attachment_id = snowflake()
        path = f"attachments/{attachment_id}/{filename}"
        self.state.cdn[path] = content
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(content),
            "url": f"{self.cdn_url}/{path}",
            "proxy_url": f"{self.cdn_url}/{path}",
            "content_type": content_type,
        }

    @property
    def cdn_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cdn"

    async def _cdn(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.state.cdn_reads.append(path)
        content = self.state.cdn.get(path)
        return web.Response(status=404) if content is None else web.Response(body=content)

    async def create_guild(self, name: str, *, locale: str = "nl") -> FakeGuild:
        """A guild with @everyone, one text channel and the bot as member (GUILD_CREATE is
        sent to connected clients)."""
        guild = FakeGuild(snowflake(), name, self.state.owner.id, locale=locale)
        guild.roles[guild.id] = FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS, 0)
        channel = FakeChannel(snowflake(), GUILD_TEXT, "algemeen", guild.id)
        guild.channels[channel.id] = channel
        guild.members[self.bot.id] = FakeMember(self.bot)
        self.state.guilds[guild.id] = guild
        self.state.channels[channel.id] = channel
        await self.gateway.dispatch("GUILD_CREATE", guild.to_api())
        return guild

    async def add_role(self, guild: FakeGuild, name: str, permissions: int = 0) -> FakeRole:
        """A new role (GUILD_ROLE_CREATE is sent to connected clients)."""
        role = FakeRole(snowflake(), name, permissions, len(guild.roles))
        guild.roles[role.id] = role
        await self.gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.to_api()}
        )
        return role

    def join(self, guild: FakeGuild, user: FakeUser, *roles: FakeRole) -> FakeMember:
        member = guild.members.get(user.id) or FakeMember(user)
        member.roles = [role.id for role in roles]
        guild.members[user.id] = member
        return member

    def create_thread(self, guild: FakeGuild, parent: FakeChannel, name: str) -> FakeChannel:
        thread = FakeChannel(snowflake(), PUBLIC_THREAD, name, guild.id, parent_id=parent.id)
        guild.channels[thread.id] = thread
        self.state.channels[thread.id] = thread
        return thread

    @staticmethod
    def text_channel(guild: FakeGuild) -> FakeChannel:
        return next(c for c in guild.channels.values() if c.type == GUILD_TEXT)

    def close_dms(self, user: FakeUser, *, code: int = 50007) -> None:
        """DMs to `user` fail: 50007 (closed DMs) or 40003 (opening DMs too fast)."""
        self.state.dm_refusals[user.id] = cannot_dm() if code == 50007 else dm_too_fast()

    def open_dms(self, user: FakeUser) -> None:
        self.state.dm_refusals.pop(user.id, None)

    # --- what the bot sent -----------------------------------------------------------------

    def sent(self, channel: FakeChannel | int) -> list[SentMessage]:
        return self.state.sent(channel)

    def seen_by(self, user: FakeUser, channel: FakeChannel) -> list[SentMessage]:
        """What `user` sees in `channel`: public messages and the ephemerals meant for them."""
        return [m for m in self.sent(channel) if m.visible_to in (None, user.id)]

    def dms_of(self, user: FakeUser) -> list[SentMessage]:
        channel = self.state.dms.get(user.id)
        return self.sent(channel) if channel else []


__all__ = ["USER_INSTALL", "DiscordApiServer", "Interaction"]

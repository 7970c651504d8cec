"""What the fake Discord knows and records: users, guilds, channels, the bot's messages
(per channel, with their ephemeral flag and who may see them), interactions and how each was
answered, and the application commands as last synced."""

from __future__ import annotations

import asyncio
import itertools
import time
from contextlib import suppress
from typing import TYPE_CHECKING

from tests.fakes.discord_messages import Interaction, SentFile, SentMessage
from tests.fakes.discord_model import (
    DM,
    EPHEMERAL,
    JSON,
    ApiError,
    FakeChannel,
    FakeGuild,
    FakeUser,
    snowflake,
)

if TYPE_CHECKING:
    from collections.abc import Callable

# Interaction callback types
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = (
    4,
    5,
    6,
    7,
    8,
    9,
)
INTERACTION_DEADLINE = 3.0  # seconds to the first callback, then 10062


class DiscordState:
    def __init__(self, token: str) -> None:
        self.token = token
        self.application_id = snowflake()
        self.bot = FakeUser(self.application_id, "PortfolioBot", bot=True)
        self.owner = FakeUser(snowflake(), "owner")
        self.users: dict[int, FakeUser] = {self.bot.id: self.bot}
        # Files on the fake CDN (avatars, attachments members sent): path -> bytes.
        self.cdn: dict[str, bytes] = {}
        self.cdn_reads: list[str] = []  # paths read from the CDN, in order
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.dms: dict[int, FakeChannel] = {}  # user id -> DM channel
        self.dm_refusals: dict[int, ApiError] = {}  # user id -> 50007 / 40003
        self.dm_opens = 0
        self.messages: dict[int, list[SentMessage]] = {}  # channel id -> in order
        self.messages_by_id: dict[int, SentMessage] = {}
        self.interactions: list[Interaction] = []
        self.interactions_by_token: dict[str, Interaction] = {}
        self.commands: dict[int | None, list[JSON]] = {}  # guild id (None: global) -> set
        self.syncs: list[int | None] = []  # one entry per PUT of a command set
        self.deadline = INTERACTION_DEADLINE
        self.gateway_url = ""
        self._tokens = itertools.count(1)
        self._wakeup = asyncio.Event()

    # --- waiting -----------------------------------------------------------------------------

    def changed(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109  (the failure says what was awaited)
        what: str = "condition",
    ) -> None:
        try:
            async with asyncio.timeout(timeout):
                while not condition():
                    with suppress(TimeoutError):
                        async with asyncio.timeout(0.02):
                            await self._wakeup.wait()
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}") from None

    # --- the world ---------------------------------------------------------------------------

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        channel = self.dms.get(user.id)
        if channel is None:
            channel = FakeChannel(snowflake(), DM, recipient=user)
            self.dms[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    # --- messages ----------------------------------------------------------------------------

    def record(
        self,
        channel_id: int,
        body: JSON,
        files: list[SentFile],
        *,
        interaction: Interaction | None = None,
        via: str = "channel",
    ) -> SentMessage:
        flags = int(body.get("flags") or 0)
        message = SentMessage(
            snowflake(),
            channel_id,
            str(body.get("content") or ""),
            flags=flags,
            embeds=list(body.get("embeds") or []),
            components=list(body.get("components") or []),
            files=list(files),
            interaction_id=interaction.id if interaction else None,
            via=via,
            visible_to=interaction.user.id if interaction and flags & EPHEMERAL else None,
        )
        self.messages.setdefault(channel_id, []).append(message)
        self.messages_by_id[message.id] = message
        return message

    def edit(self, message: SentMessage, body: JSON, files: list[SentFile]) -> None:
        if "content" in body:
            message.content = str(body["content"] or "")
        if "embeds" in body:
            message.embeds = list(body["embeds"] or [])
        if "components" in body:
            message.components = list(body["components"] or [])
        if files or "attachments" in body:
            kept = {int(a["id"]) for a in body.get("attachments") or [] if str(a["id"]).isdigit()}
            old = [f for index, f in enumerate(message.files) if index in kept]
            message.files = old + list(files)
        message.edits += 1
        message.loading = False

    def delete(self, message: SentMessage) -> None:
        message.deleted = True
        self.messages.get(message.channel_id, []).remove(message)

    def sent(self, channel: FakeChannel | int) -> list[SentMessage]:
        channel_id = channel if isinstance(channel, int) else channel.id
        return list(self.messages.get(channel_id, []))

    # --- interaction callbacks ---------------------------------------------------------------

    def new_token(self) -> str:
        return f"interaction-token-{next(self._tokens)}"

    def answer(self, interaction: Interaction, body: JSON, files: list[SentFile]) -> JSON:
        if interaction.callbacks:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if time.perf_counter() - interaction.dispatched_at > self.deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        kind = int(body["type"])
        data = dict(body.get("data") or {})
        interaction.callbacks.append(body)
        interaction.answered_at = time.perf_counter()
        result: JSON = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "response_message_loading": kind == DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            }
        }
        message: SentMessage | None = None
        if kind in (MESSAGE, DEFERRED_MESSAGE):
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self.record(
                interaction.channel.id,
                data | {"flags": flags},
                files,
                interaction=interaction,
                via="callback",
            )
            message.loading = kind == DEFERRED_MESSAGE
            interaction.original = message
        elif kind == UPDATE_MESSAGE:
            pressed = self.messages_by_id.get(int(interaction.payload["message"]["id"]))
            if pressed is not None:
                self.edit(pressed, data, files)
                message = pressed
        elif kind not in (DEFERRED_UPDATE, AUTOCOMPLETE_RESULT, MODAL):
            raise ApiError(400, 50035, f"Invalid Form Body (type {kind})")
        if message is not None:
            result["interaction"]["response_message_id"] = str(message.id)
            result["resource"] = {"type": kind, "message": message.to_api(self.bot)}
        elif kind != DEFERRED_UPDATE:
            result["resource"] = {"type": kind}
        return result

    # --- application commands ----------------------------------------------------------------

    def sync(self, guild_id: int | None, commands: list[JSON]) -> list[JSON]:
        self.syncs.append(guild_id)
        known = {c["name"]: c for c in self.commands.get(guild_id, [])}
        stored = []
        for command in commands:
            old = known.get(command["name"])
            stored.append(
                command
                | {
                    "id": old["id"] if old else str(snowflake()),
                    "application_id": str(self.application_id),
                    "version": str(snowflake()),
                    "type": command.get("type", 1),
                    "default_member_permissions": command.get("default_member_permissions"),
                    **({"guild_id": str(guild_id)} if guild_id else {}),
                }
            )
        self.commands[guild_id] = stored
        return stored

    def find_command(self, name: str, locale: str, guild_id: int | None) -> JSON | None:
        """A synced command by the name a member with `locale` types (base or localised)."""
        for scope in (guild_id, None) if guild_id else (None,):
            for command in self.commands.get(scope, []):
                localised = (command.get("name_localizations") or {}).get(locale)
                if name in (command["name"], localised):
                    return command
        return None

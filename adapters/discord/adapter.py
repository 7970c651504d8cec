"""The Discord adapter: one bot application, run in the one event loop beside the others.

- commands.py: slash commands from the core's registry, Dutch through the translator,
  synced only when changed; interactions.py: interactions and DMs -> the core;
- turn.py: answering one interaction (response, followups, deferral, apology);
- components.py: buttons and modals that survive restarts; render.py: neutral -> Discord;
- sending.py: DMs and channel posts, paced by the core's shaper with Discord's limits.

The core decides what goes where; this adapter implements its `ReplyChannel`. Inside an
interaction, "private" means *ephemeral*: in a guild every personal reply is shown to the
member alone and the channel sees nothing of it. Outside one (reminders, review prompts)
private means the member's DM. Lifecycle: ``start()`` logs in (REST), syncs the commands
if they changed, attaches to the core, connects the gateway and waits for READY;
``stop()`` detaches and closes the client. Only discord.py's documented base-URL hooks are
set (from the settings): ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord import app_commands

from adapters.discord.commands import CatalogTranslator, build_commands, sync_if_changed
from adapters.discord.components import (
    ANSWER_PREFIX,
    MODAL_PREFIX,
    ChoiceButton,
    ChoiceSelect,
    TypeAnswerButton,
    modal_text,
)
from adapters.discord.interactions import Interactions
from adapters.discord.sending import DISCORD_LIMITS, Sending
from adapters.discord.translate import PLATFORM
from adapters.discord.turn import current
from bot.chat.completions import Completer
from bot.delivery.replies import Replies
from bot.delivery.shaping import Shaper

if TYPE_CHECKING:
    from pathlib import Path

    from adapters.discord.config import DiscordConfig
    from bot.bootstrap import Core
    from bot.chat.messages import Incoming, Outgoing
    from bot.delivery.channel import UnreachableNote
    from bot.delivery.outbox import Deliverer, DeliverySettings
    from bot.delivery.platforms import Attached
    from bot.delivery.shaping import Limits

log = logging.getLogger(__name__)


class _Client(discord.Client):
    """discord.Client with the command tree, the dynamic buttons and the listeners."""

    def __init__(self, adapter: DiscordAdapter, config: DiscordConfig) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.dm_messages = True  # a DM's content needs no privileged intent
        super().__init__(intents=intents, guild_ready_timeout=config.guild_ready_timeout)
        self.adapter = adapter
        self.tree: app_commands.CommandTree[Any] = app_commands.CommandTree(self)
        self.presses = adapter.interactions

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ChoiceButton, ChoiceSelect, TypeAnswerButton)
        await self.tree.set_translator(CatalogTranslator())
        self.tree.error(self.adapter.interactions.on_tree_error)
        for command in self.adapter.commands():
            self.tree.add_command(command)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        if custom_id.startswith(MODAL_PREFIX):
            key = custom_id.removeprefix(MODAL_PREFIX)
            await self.adapter.interactions.on_modal(interaction, key, modal_text(data))
        elif custom_id.startswith(ANSWER_PREFIX):
            token = custom_id.removeprefix(ANSWER_PREFIX)
            await self.adapter.interactions.on_answer(interaction, token, modal_text(data))

    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None and not message.author.bot:
            await self.adapter.interactions.on_dm(message)


class DiscordAdapter:
    """One bot application. Implements the runtime's Adapter and the core's ReplyChannel."""

    name = "discord"
    platform = PLATFORM

    def __init__(
        self,
        core: Core,
        config: DiscordConfig,
        state_dir: Path,
        *,
        limits: Limits | None = None,
        delivery: DeliverySettings | None = None,
    ) -> None:
        if config.token is None:
            raise ValueError("no Discord token configured")
        self.core = core
        self.config = config
        self.state_dir = state_dir
        self.shaper = Shaper(limits or DISCORD_LIMITS)
        completer = Completer(core.store, core.translator, core.router.titles)
        self.interactions = Interactions(core, config, completer)
        self.client = _Client(self, config)
        self.sending = Sending(self.client, self.shaper)
        self._delivery = delivery
        self._attached: Attached | None = None
        self._connection: asyncio.Task[None] | None = None
        self.synced = False  # whether the last start synced the commands

    def commands(self) -> list[app_commands.Command[Any, Any, Any]]:
        return build_commands(
            self.core.registry,
            self.core.translator,
            self.interactions.on_command,
            self.interactions.complete,
        )

    @property
    def deliverer(self) -> Deliverer:
        assert self._attached is not None, "the adapter is not started"
        return self._attached.deliverer

    @property
    def handled(self) -> int:
        return self.interactions.handled

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        discord.http.Route.BASE = self.config.api_url.rstrip("/")
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.config.gateway_url)
        assert self.config.token is not None
        await self.client.login(self.config.token.get_secret_value())  # a bad token fails here
        app_id = self.client.application_id
        guild = self.config.test_guild_id
        marker = self.state_dir / f"discord-commands-{app_id}-{guild or 'global'}.sha256"
        self.synced = await sync_if_changed(self.client.tree, marker, guild)
        core = self.core
        self._attached = attached = core.platforms.attach(self, self._delivery)
        self.interactions.replies = Replies(
            core.router, core.store, core.clock, core.translator, self, attached.deliverer
        )
        self.interactions.deliverer = attached.deliverer
        self._connection = asyncio.create_task(self.client.connect(reconnect=True))
        ready = asyncio.create_task(self.client.wait_until_ready())
        await asyncio.wait({ready, self._connection}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            await self._connection  # raises what stopped the connection
        log.info("Discord: %s started", self.client.user)

    async def stop(self) -> None:
        await self.core.platforms.detach(PLATFORM)
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connection
            self._connection = None

    # --- the core's ReplyChannel -----------------------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        turn = current.get()
        if turn is not None and turn.user_id == user_id:
            await turn.send(message, ephemeral=turn.private_ephemeral)
            return
        try:
            await self.sending.send_private(user_id, message)
        except Exception:
            self.interactions.check_waiting.discard(user_id)  # show it at their next command
            raise

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        turn = current.get()
        if turn is not None and turn.message_id == incoming.message_id:
            ephemeral = turn.place.ephemeral_here or message.toast
            await turn.send(message, ephemeral=ephemeral)
        elif incoming.chat.is_private:
            await self.sending.send_private(incoming.sender.id, message)
        else:
            await self.sending.send_channel(incoming.chat.id, message)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self.sending.send_channel(chat_id, message)

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        """Not posted in the channel: the member sees what waits, ephemerally, the next
        time they use a command there (interactions.py)."""
        self.interactions.check_waiting.discard(note.user_id)

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        """Inside an interaction the member's own (ephemeral) answer is the
        acknowledgement; the channel is told nothing."""
        turn = current.get()
        return turn is not None and turn.message_id == incoming.message_id

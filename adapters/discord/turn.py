"""Answering one interaction: the first message is the interaction's response, the rest are
followups. Discord wants a first response within 3 s, so a turn that is still working after
`defer_after` seconds defers (the first followup then completes it), and a turn that ends
without having said anything answers quietly, so no member ever sees "This interaction
failed". The turn is found by the sending code through a context variable."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.render import render

if TYPE_CHECKING:
    from adapters.discord.translate import Place
    from bot.chat.messages import Outgoing

log = logging.getLogger(__name__)

current: contextvars.ContextVar[Turn | None] = contextvars.ContextVar("discord_turn", default=None)


class Turn:
    def __init__(self, interaction: discord.Interaction, place: Place) -> None:
        self.interaction = interaction
        self.place = place
        self.user_id = str(interaction.user.id)
        self.message_id = f"i:{interaction.id}"
        self.sent = 0
        self._lock = asyncio.Lock()
        self._watchdog: asyncio.TimerHandle | None = None
        # Deferred as "thinking" and not completed yet: the first followup would complete it,
        # keeping the deferral's visibility (None: not deferred that way).
        self._thinking_ephemeral: bool | None = None
        self._deferring: asyncio.Task[None] | None = None

    @property
    def private_ephemeral(self) -> bool:
        """Personal replies are for this member's eyes only (not in the bot's DM)."""
        return not self.interaction.context.dm_channel

    def watch(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._watchdog = loop.call_later(seconds, self._start_deferring)

    def _start_deferring(self) -> None:
        self._deferring = asyncio.create_task(self.defer())

    async def defer(self) -> None:
        """Tell Discord we are working on it (ephemeral where personal replies are)."""
        async with self._lock:
            response = self.interaction.response
            if response.is_done():
                return
            try:
                if self.interaction.type is discord.InteractionType.component:
                    await response.defer()
                else:
                    await response.defer(ephemeral=self.private_ephemeral, thinking=True)
                    self._thinking_ephemeral = self.private_ephemeral
            except discord.HTTPException as error:
                log.warning("could not defer interaction %s: %s", self.interaction.id, error)

    async def send(self, message: Outgoing, *, ephemeral: bool) -> None:
        # Outside the bot's DM nothing typed reaches the bot: a typed answer needs a form.
        rendered = render(message, typed_button=not self.interaction.context.dm_channel)
        async with self._lock:
            for index in range(len(rendered.texts)):
                kwargs: dict[str, Any] = rendered.kwargs(index)
                response = self.interaction.response
                if not response.is_done():
                    await response.send_message(ephemeral=ephemeral, **kwargs)
                else:
                    if self._thinking_ephemeral is not None:
                        if self._thinking_ephemeral != ephemeral:
                            # Completing the deferral would give this message the wrong
                            # visibility: complete it with a tick, then send it apart.
                            await self.interaction.edit_original_response(content="✓")
                        self._thinking_ephemeral = None
                    await self.interaction.followup.send(ephemeral=ephemeral, **kwargs)
                self.sent += 1

    async def close_question(self, label: str) -> bool:
        """A press on a private question: the buttons go, the choice stays visible (the
        response to the press). False when this was not such a press."""
        message = self.interaction.message
        if message is None or self.interaction.type is not discord.InteractionType.component:
            return False
        private = message.flags.ephemeral or self.interaction.context.dm_channel
        if not private:
            return False
        content = f"{message.content}\n\n✓ **{discord.utils.escape_markdown(label)}**"
        async with self._lock:
            if self.interaction.response.is_done():
                return False
            await self.interaction.response.edit_message(content=content[:2000], view=None)
        return True

    async def finish(self, quiet_text: str = "✓") -> None:
        """Nothing was said: acknowledge without a message where Discord allows it."""
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._deferring is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._deferring
        async with self._lock:
            response = self.interaction.response
            if response.is_done():
                original_pending = self.sent == 0 and response.type in (
                    discord.InteractionResponseType.deferred_channel_message,
                )
                if original_pending:
                    await self.interaction.edit_original_response(content=quiet_text)
                return
            try:
                if self.interaction.type is discord.InteractionType.component:
                    await response.defer()
                else:  # a slash command or a form's submission
                    await response.send_message(quiet_text, ephemeral=True)
            except discord.HTTPException as error:  # e.g. a redelivery, answered before
                log.info("interaction %s not acknowledged: %s", self.interaction.id, error)

    async def apologise(self, text: str) -> None:
        with contextlib.suppress(discord.HTTPException):
            async with self._lock:
                if not self.interaction.response.is_done():
                    await self.interaction.response.send_message(text, ephemeral=True)
                else:
                    await self.interaction.followup.send(text, ephemeral=True)

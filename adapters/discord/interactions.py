"""Interactions in: slash commands, autocomplete, button presses, modal submissions, and
messages in the bot's DM. Each becomes one neutral `Incoming` for the core; its answer goes
out through the core's reply delivery (bot.delivery.replies), which sends through the
adapter — and the adapter, finding the current `Turn`, answers the interaction.

In a guild a member may have messages waiting because their DMs were closed: the first
command they use there (after the bot started, or after a DM to them failed) shows what
waits, ephemerally, before its own answer."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord import translate
from adapters.discord.components import AnswerModal, TextModal
from adapters.discord.files import read_attachment
from adapters.discord.translate import PLATFORM, language_of
from adapters.discord.turn import Turn, current
from bot.chat.messages import Outgoing
from bot.i18n import Msg

if TYPE_CHECKING:
    from collections.abc import Callable

    from adapters.discord.config import DiscordConfig
    from adapters.discord.translate import Place
    from bot.bootstrap import Core
    from bot.chat.completions import Completer, Completes
    from bot.chat.messages import Incoming, Sender
    from bot.chat.registry import CommandSpec
    from bot.delivery.outbox import Deliverer
    from bot.delivery.replies import Replies
    from bot.domain.outbox import Delivery
    from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)

# Commands whose text is asked for in a form when the option is left empty.
MODAL_COMMANDS = frozenset({"reflect", "review"})
# … also when only the activity's number is given.
NUMBERED_MODAL_COMMANDS = frozenset({"reflect"})
# Commands that take long (files): deferred at once, answered with a followup.
SLOW_COMMANDS = frozenset({"export"})
_WAITING_MAX = 50
# Interactions worked on at once; more wait their turn. When many wait (a whole class using
# a command in the same minute), a newcomer is deferred at once rather than by the timer,
# which fires late on a busy loop: Discord's 3 s are not missed.
CONCURRENT = 8
DEFER_WHEN_WAITING = 8
_WAITING_LEASE = timedelta(minutes=2)


class Interactions:
    def __init__(self, core: Core, config: DiscordConfig, completer: Completer) -> None:
        self._core = core
        self._config = config
        self._completer = completer
        self.replies: Replies | None = None  # set when attached to the core
        self.deliverer: Deliverer | None = None
        self.check_waiting: set[str] = set()  # members already checked for waiting messages
        self.handled = 0  # interactions and DMs handled (tests, benchmark)
        self._slots = asyncio.Semaphore(CONCURRENT)
        self._waiting = 0  # turns waiting for a slot

    # --- entry points ------------------------------------------------------------------------

    async def on_command(
        self,
        interaction: discord.Interaction,
        spec: CommandSpec[Any],
        text: str,
        file: discord.Attachment | None = None,
        *,
        from_form: bool = False,
    ) -> None:
        head = text.strip()
        # No text yet (or only the activity's number): asked in a form, as nothing typed
        # in a server channel reaches the bot.
        numbered = head.isdigit() and spec.key in NUMBERED_MODAL_COMMANDS
        if spec.key in MODAL_COMMANDS and not from_form and (not head or numbered):
            await self._ask_in_modal(interaction, spec, head)
            self.handled += 1
            return
        language = language_of(interaction.locale)
        await self._turn(
            interaction,
            lambda place, sender: translate.command_incoming(
                interaction, place, sender, spec.name(language), text, self._core.clock.now()
            ),
            defer_now=spec.key in SLOW_COMMANDS or file is not None,
            file=file,
        )

    async def on_press(self, interaction: discord.Interaction, key: str, label: str) -> None:
        await self._turn(
            interaction,
            lambda place, sender: translate.press_incoming(
                interaction, place, sender, key, self._core.clock.now()
            ),
            pressed=label,
        )

    async def on_modal(
        self, interaction: discord.Interaction, command_key: str, text: str
    ) -> None:
        key, _, head = command_key.partition(" ")  # "reflect 3": for activity 3
        spec = next(s for s in self._core.registry.specs if s.key == key)
        await self.on_command(interaction, spec, f"{head} {text}".strip(), from_form=True)

    async def on_type_answer(
        self, interaction: discord.Interaction, token: str, language: str
    ) -> None:
        """The question's "type answer" button: its form, as the first response (nothing
        is asked of the core yet; the submission goes to `on_answer`)."""
        render = self._core.translator.render
        modal = AnswerModal(
            token,
            render(language, Msg.of("answers.form_title")).plain,
            render(language, Msg.of("answers.form_label")).plain,
            render(language, Msg.of("answers.form_placeholder")).plain,
        )
        try:
            await interaction.response.send_modal(modal)
        except discord.HTTPException:
            log.exception("could not open the answer form for %s", interaction.id)
        self.handled += 1

    async def on_answer(self, interaction: discord.Interaction, token: str, text: str) -> None:
        """A typed answer's form: its text goes to the core as typed here, for the question
        it was opened from (an answer to a question no longer open is told it expired).
        The question keeps its buttons: a typed answer that was not understood leaves it
        open, to be answered again."""
        await self._turn(
            interaction,
            lambda place, sender: translate.answer_incoming(
                interaction, place, sender, token, text, self._core.clock.now()
            ),
        )

    async def on_dm(self, message: discord.Message) -> None:
        incoming = translate.dm_incoming(message, self._core.clock.now())
        if incoming is None or self.replies is None:
            return
        try:
            if message.attachments:  # the first file (an image for /foto, a portfolio)
                file = await read_attachment(message.attachments[0])
                incoming = dataclasses.replace(incoming, attachment=file)
            await self.replies.handle(incoming)
        except Exception:
            log.exception("DM %s could not be handled", message.id)
        self.handled += 1

    async def complete(
        self,
        interaction: discord.Interaction,
        spec: CommandSpec[Any],
        completes: Completes,
        typed: str,
    ) -> list[app_commands.Choice[str]]:
        found = await self._completer.complete_kind(
            PLATFORM,
            str(interaction.user.id),
            completes,
            typed,
            language_hint=language_of(interaction.locale),
            limit=25,
        )
        return [app_commands.Choice(name=c.label, value=c.value) for c in found]

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """A command discord.py could not call (options that do not match the synced ones,
        e.g. from a Discord client that has not seen the latest sync yet): an ephemeral
        word, never "This interaction failed"."""
        log.warning("interaction %s not called: %r", interaction.id, error)
        self.handled += 1
        if interaction.type is not discord.InteractionType.application_command:
            return  # an autocomplete: no answer is an empty list
        stale = isinstance(
            error, app_commands.CommandSignatureMismatch | app_commands.TransformerError
        )
        key = "args.outdated" if stale else "interactions.failed"
        language = language_of(interaction.locale)
        text = self._core.translator.render(language, Msg.of(key)).plain
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)

    # --- one turn ----------------------------------------------------------------------------

    async def _turn(
        self,
        interaction: discord.Interaction,
        make: Callable[[Place, Sender], Incoming],
        *,
        defer_now: bool = False,
        pressed: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        replies = self.replies
        assert replies is not None, "the adapter is not started"
        place = translate.place_of(interaction)
        moderator = translate.is_moderator(interaction, self._config.moderator_role)
        sender = translate.sender_of(interaction, moderator)
        incoming = make(place, sender)
        turn = Turn(interaction, place)
        token = current.set(turn)
        language = sender.language_hint or "nl"
        try:
            if defer_now or self._waiting >= DEFER_WHEN_WAITING:
                await turn.defer()
            else:
                turn.watch(self._config.defer_after_seconds)
            self._waiting += 1
            try:
                await self._slots.acquire()
            finally:
                self._waiting -= 1
            try:
                if file is not None:
                    attachment = await read_attachment(file)
                    incoming = dataclasses.replace(incoming, attachment=attachment)
                answer = await replies.answer(incoming)
                toasts = [reply for reply in answer.replies if reply.toast]
                for toast in toasts:
                    await turn.send(toast, ephemeral=True)
                if pressed is not None and answer.replies and not toasts:
                    await turn.close_question(pressed)
                await replies.deliver(incoming, answer)
                if place.in_guild:
                    await self._show_waiting(turn, sender.id, language)
            finally:
                self._slots.release()
            await turn.finish()
        except Exception:
            log.exception("interaction %s could not be handled", interaction.id)
            text = self._core.translator.render(language, Msg.of("interactions.failed")).plain
            await turn.apologise(text)
        finally:
            current.reset(token)
            self.handled += 1

    async def _ask_in_modal(
        self, interaction: discord.Interaction, spec: CommandSpec[Any], head: str = ""
    ) -> None:
        """A modal must be the first response: shown before the core is asked anything.
        `head` (a number already chosen) goes before the text written in it."""
        language = language_of(interaction.locale)
        render = self._core.translator.render
        modal = TextModal(
            f"{spec.key} {head}".strip(),
            f"/{spec.name(language)} {head}".strip(),
            render(language, Msg.of("interactions.modal_label")).plain,
            render(language, Msg.of("interactions.modal_placeholder")).plain,
        )
        await interaction.response.send_modal(modal)

    async def _show_waiting(self, turn: Turn, user_id: str, language: str) -> None:
        """What waited for this member's DMs, shown to them here (ephemerally)."""
        if user_id in self.check_waiting or self.deliverer is None:
            return
        self.check_waiting.add(user_id)
        now = self._core.clock.now()

        def claim(uow: UnitOfWork) -> tuple[list[Delivery], str]:
            member = uow.members.by_identity(PLATFORM, user_id)
            if member is None or uow.outbox.unblock(PLATFORM, user_id, now) == 0:
                return [], language
            rows = uow.outbox.claim(
                PLATFORM, now, _WAITING_MAX, now + _WAITING_LEASE, user_id=user_id
            )
            return rows, member.language

        rows, member_language = await self._core.store.run(claim)
        if not rows:
            return
        note = self._core.translator.render(member_language, Msg.of("interactions.waiting"))
        await turn.send(Outgoing(note), ephemeral=True)
        await self.deliverer.deliver_claimed(rows)

"""Updates in: batches split per chat (chats in parallel, each chat's updates in order),
each update translated (translate.py), handed to the core, and the core's replies sent."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import weakref
from typing import TYPE_CHECKING

from telegram.error import BadRequest, Forbidden, TelegramError

from adapters.telegram import translate
from adapters.telegram.translate import AddedToGroup, Dismissed, Me, Received
from bot.chat.messages import Destination, Outgoing
from bot.delivery.outbox import queue_private
from bot.i18n import Msg

if TYPE_CHECKING:
    from collections.abc import Sequence

    from telegram import Update

    from adapters.telegram.admins import Administrators
    from adapters.telegram.sending import Sending
    from bot.bootstrap import Core
    from bot.chat.messages import Incoming
    from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)


class UpdateHandler:
    def __init__(self, core: Core, sending: Sending, admins: Administrators) -> None:
        self._core = core
        self._sending = sending
        self._admins = admins
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self.me = Me(0, "")
        self.handled = 0  # updates handled (tests, benchmark)

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        """Chats in parallel, each chat's updates in order."""
        per_chat: dict[int, list[Update]] = {}
        for update in updates:
            chat = update.effective_chat
            per_chat.setdefault(chat.id if chat else 0, []).append(update)
        await asyncio.gather(*(self._handle_in_order(c, ups) for c, ups in per_chat.items()))

    async def _handle_in_order(self, chat_id: int, updates: list[Update]) -> None:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        async with lock:
            for update in updates:
                try:
                    await self.handle_update(update)
                except Exception:
                    log.exception("update %s could not be handled", update.update_id)
                self.handled += 1

    async def handle_update(self, update: Update) -> None:
        event = translate.translate(update, self.me, self._core.clock.now())
        match event:
            case Received():
                await self._received(event)
            case AddedToGroup(chat_id, hint):
                await self._introduce(chat_id, hint)
            case Dismissed(query):
                await self._sending.answer(query)

    async def _received(self, event: Received) -> None:
        incoming = event.incoming
        if event.moderator_matters:
            moderator = await self._admins.includes(int(incoming.chat.id), int(incoming.sender.id))
            sender = dataclasses.replace(incoming.sender, is_moderator=moderator)
            incoming = dataclasses.replace(incoming, sender=sender)
        replies = await self._core.router.handle(incoming)
        query = event.query
        if query is None:
            await self._send_replies(incoming, replies, reply_to=event.reply_to)
            return
        toasts = [reply for reply in replies if reply.toast]
        await self._sending.answer(query, toasts[0].text.plain if toasts else None)
        if incoming.chat.is_private and replies:
            await self._sending.close_question(query)
        await self._send_replies(
            incoming, [reply for reply in replies if not reply.toast], reply_to=None
        )

    async def _introduce(self, chat_id: int, language_hint: str | None) -> None:
        language = "en" if (language_hint or "").startswith("en") else "nl"
        text = self._core.translator.render(language, Msg.of("group.welcome"))
        with contextlib.suppress(TelegramError):
            await self._sending.send(chat_id, Outgoing(text))

    # --- the core's replies ------------------------------------------------------------------

    async def _send_replies(
        self, incoming: Incoming, replies: list[Outgoing], *, reply_to: int | None
    ) -> None:
        chat_id = int(incoming.chat.id)
        private = [r for r in replies if r.destination is Destination.PRIVATE]
        here = [r for r in replies if r.destination is Destination.HERE]
        if private:
            delivered = await self._send_private_replies(incoming, private)
            if not delivered:
                here = [r for r in here if not r.is_ack]  # the note replaces the ack
        for reply in here:
            try:
                await self._sending.send(chat_id, reply, reply_to=reply_to)
            except TelegramError as error:
                log.warning("reply to %s not sent: %s", chat_id, error)

    async def _send_private_replies(self, incoming: Incoming, replies: list[Outgoing]) -> bool:
        """Personal replies to a group command. When the member never opened a private
        chat, they wait in the outbox and the group gets a note with a deep link."""
        user_id = incoming.sender.id
        for index, reply in enumerate(replies):
            try:
                await self._sending.send(int(user_id), reply)
            except (Forbidden, BadRequest) as error:
                if isinstance(error, BadRequest) and "chat not found" not in str(error).lower():
                    raise
                await self._park(incoming, replies[index:])
                return False
        return True

    async def _park(self, incoming: Incoming, replies: list[Outgoing]) -> None:
        platform, user_id = translate.PLATFORM, incoming.sender.id
        now = self._core.clock.now()

        def park(uow: UnitOfWork) -> tuple[str, str] | None:
            queue_private(
                uow,
                platform,
                user_id,
                replies,
                key=f"reply:{platform}:{incoming.message_id}",
                now=now,
                notice_chat_id=incoming.chat.id,
                blocked=True,
            )
            member = uow.members.by_identity(platform, user_id)
            return (member.language, member.display_name) if member else None

        found = await self._core.store.run(park)
        language, name = found or ("nl", incoming.sender.display_name)
        note = self._core.translator.render(language, Msg.of("delivery.unreachable", name=name))
        await self._sending.send_unreachable_note(incoming.chat.id, user_id, note)

"""Updates in: each chat's updates in order, chats independent of each other, each update
translated (translate.py) and handed to the core, whose answer goes out through the core's
reply delivery (bot.delivery.replies) and this adapter's sending.

Polling hands updates over with `submit`: they join their chat's queue and the call
returns at once, so a chat whose sends are slow or failing holds up only itself; each
update is reported done when handled (polling.py confirms offsets from that). A webhook
hands over one update with `handle_batch` and answers Telegram when it was handled."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import logging
import weakref
from collections import deque
from typing import TYPE_CHECKING

from telegram.error import TelegramError

from adapters.telegram import translate
from adapters.telegram.avatars import download_photo
from adapters.telegram.translate import AddedToGroup, Dismissed, Me, Received
from bot.chat.messages import Attachment, Outgoing
from bot.i18n import Msg

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from telegram import Document, Update

    from adapters.telegram.admins import Administrators
    from adapters.telegram.sending import Sending
    from bot.clock import Clock
    from bot.delivery.replies import Replies
    from bot.i18n import Translator

log = logging.getLogger(__name__)


class UpdateHandler:
    def __init__(
        self,
        clock: Clock,
        translator: Translator,
        sending: Sending,
        admins: Administrators,
    ) -> None:
        self._clock = clock
        self._translator = translator
        self._sending = sending
        self._admins = admins
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self.me = Me(0, "")
        self.replies: Replies | None = None  # set when the adapter is attached to the core
        self.handled = 0  # updates handled (tests, benchmark)
        self._queues: dict[int, deque[tuple[Update, Callable[[int], None]]]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}

    def submit(self, updates: Sequence[Update], done: Callable[[int], None]) -> None:
        """Queue `updates` per chat and return; `done(update_id)` follows each handling."""
        for update in updates:
            chat = _chat_of(update)
            self._queues.setdefault(chat, deque()).append((update, done))
            if chat not in self._workers:
                self._workers[chat] = asyncio.create_task(self._work(chat), name=f"chat-{chat}")

    async def _work(self, chat: int) -> None:
        queue = self._queues[chat]
        try:
            async with self._lock(chat):
                while queue:
                    update, done = queue[0]
                    await self._handle_one(update)
                    queue.popleft()
                    done(update.update_id)
        finally:
            # No await between the empty queue and here: nothing can slip in unseen.
            del self._workers[chat]
            if not queue:
                del self._queues[chat]

    async def drain(self) -> None:
        """Wait until every submitted update was handled."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        """Chats in parallel, each chat's updates in order."""
        per_chat: dict[int, list[Update]] = {}
        for update in updates:
            per_chat.setdefault(_chat_of(update), []).append(update)
        await asyncio.gather(*(self._handle_in_order(c, ups) for c, ups in per_chat.items()))

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def _handle_in_order(self, chat_id: int, updates: list[Update]) -> None:
        async with self._lock(chat_id):
            for update in updates:
                await self._handle_one(update)

    async def _handle_one(self, update: Update) -> None:
        try:
            await self.handle_update(update)
        except Exception:
            log.exception("update %s could not be handled", update.update_id)
        self.handled += 1

    async def handle_update(self, update: Update) -> None:
        event = translate.translate(update, self.me, self._clock.now())
        match event:
            case Received():
                await self._received(event)
            case AddedToGroup(chat_id, hint):
                await self._introduce(chat_id, hint)
            case Dismissed(query):
                await self._sending.answer(query)

    async def _received(self, event: Received) -> None:
        replies = self.replies
        assert replies is not None, "the adapter is not started"
        incoming = event.incoming
        if event.moderator_matters:
            # Asked by the core only for a command that needs a moderator.
            check = functools.partial(
                self._admins.includes, int(incoming.chat.id), int(incoming.sender.id)
            )
            sender = dataclasses.replace(incoming.sender, moderator_check=check)
            incoming = dataclasses.replace(incoming, sender=sender)
        if event.document is not None:
            incoming = dataclasses.replace(incoming, attachment=await _download(event.document))
        elif event.photo is not None:
            incoming = dataclasses.replace(incoming, attachment=await download_photo(event.photo))
        answer = await replies.answer(incoming)
        query = event.query
        if query is not None:
            toasts = [reply for reply in answer.replies if reply.toast]
            await self._sending.answer(query, toasts[0].text.plain if toasts else None)
            if incoming.chat.is_private and answer.replies:
                await self._sending.close_question(query)
        await replies.deliver(incoming, answer)

    async def _introduce(self, chat_id: int, language_hint: str | None) -> None:
        language = "en" if (language_hint or "").startswith("en") else "nl"
        text = self._translator.render(language, Msg.of("group.welcome"))
        with contextlib.suppress(TelegramError):
            await self._sending.send(chat_id, Outgoing(text))


# Bot API downloads stop at 20 MB; a portfolio export is far smaller.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


async def _download(document: Document) -> Attachment | None:
    if (document.file_size or 0) > MAX_DOCUMENT_BYTES:
        return None
    file = await document.get_file()
    content = bytes(await file.download_as_bytearray())
    return Attachment(
        document.file_name or "document", content, document.mime_type or "application/octet-stream"
    )


def _chat_of(update: Update) -> int:
    chat = update.effective_chat
    return chat.id if chat else 0

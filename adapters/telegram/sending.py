"""Neutral messages out to Telegram: texts (split below the length limit), inline
keyboards, documents and photos, answers to presses. Telegram's errors are translated into
the outbox's terms here (`Unreachable`, `TryLater`); pacing happens below, in pacing.py."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from adapters.telegram.pacing import seconds
from adapters.telegram.render import MAX_CAPTION, chunks, keyboard, to_html
from bot.delivery.channel import TryLater, Unreachable

if TYPE_CHECKING:
    from collections.abc import Callable

    from telegram import Bot, CallbackQuery

    from bot.chat.messages import Incoming, Outgoing
    from bot.delivery.channel import UnreachableNote

log = logging.getLogger(__name__)

DEEP_LINK_PAYLOAD = "inbox"  # t.me/<bot>?start=inbox: opening the private chat delivers
# An acknowledgement (its catalog key) -> the reaction that stands for it on the member's
# message. Telegram allows a fixed set of emoji; a kind not listed here (a question that
# waits for an answer, say) is sent as text.
REACTIONS = {"ack.noted": "✍", "ack.changed": "👌", "ack.private": "👍"}


def unreachable(error: Exception) -> bool:
    """The member's private chat cannot be reached: never opened, or the bot is blocked."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and "chat not found" in str(error).lower()


class Sending:
    def __init__(self, bot: Bot, username: Callable[[], str]) -> None:
        self._bot = bot
        self._username = username

    async def send(self, chat_id: int, outgoing: Outgoing, *, reply_to: int | None = None) -> None:
        replying = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        markup = keyboard(outgoing.choices)
        texts = chunks(outgoing.text)
        attachment = outgoing.attachment
        if attachment is not None:
            caption = texts[-1] if len(texts) == 1 and len(texts[0]) <= MAX_CAPTION else None
            for text in texts if caption is None else ():
                await self._bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            upload = InputFile(attachment.content, filename=attachment.filename)
            send = (
                self._bot.send_photo
                if attachment.media_type.startswith("image/")
                else self._bot.send_document
            )
            await send(
                chat_id,
                upload,
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                reply_parameters=replying,
            )
            return
        for index, text in enumerate(texts):
            last = index == len(texts) - 1
            await self._bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                reply_parameters=replying if index == 0 else None,
            )

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        try:
            await self.send(int(user_id), message)
        except RetryAfter as error:
            raise TryLater(seconds(error.retry_after)) from error
        except (Forbidden, BadRequest) as error:
            if unreachable(error):
                raise Unreachable(str(error)) from error
            raise

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self.send(int(chat_id), message)

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        # In a group a reply answers the member's message; in a one-to-one chat quoting
        # the member's own command back is only noise.
        chat = incoming.chat
        if chat.is_private:
            await self.send_private(chat.id, message)
            return
        await self.send(int(chat.id), message, reply_to=_message_id(incoming))

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        emoji = REACTIONS.get(ack_kind)
        message_id = _message_id(incoming)
        if emoji is None or message_id is None:
            return False
        try:
            await self._bot.set_message_reaction(int(incoming.chat.id), message_id, emoji)
        except TelegramError as error:  # reactions turned off in this group, say
            log.info("no reaction in %s (%s); acknowledged as text", incoming.chat.id, error)
            return False
        return True

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        link = f"https://t.me/{self._username()}?start={DEEP_LINK_PAYLOAD}"
        button = InlineKeyboardMarkup([[InlineKeyboardButton(note.open_label, url=link)]])
        answering = note.answering
        reply_to = _message_id(answering) if answering is not None else None
        await self._bot.send_message(
            int(chat_id),
            to_html(note.text, mention=int(note.user_id)),
            parse_mode=ParseMode.HTML,
            reply_markup=button,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
            ),
        )

    # --- presses ----------------------------------------------------------------------------

    async def answer(self, query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text=text[:200] if text else None)
        except TelegramError as error:
            # Too old to answer ("query is too old"), or Telegram failing: the toast is
            # lost, never the handling of the press, whose replies are sent (or kept).
            log.info("callback query not answered: %s", error)

    async def close_question(self, query: CallbackQuery) -> None:
        """A private question is answered once: its buttons go, the answer stays visible."""
        message = query.message
        if not isinstance(message, Message):
            return  # too old to edit (inaccessible)
        pressed = next(
            (
                button.text
                for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
                for button in row
                if button.callback_data == query.data
            ),
            None,
        )
        try:
            if pressed and message.text:
                await message.edit_text(
                    f"{message.text_html}\n\n✓ <b>{_escape(pressed)}</b>",
                    parse_mode=ParseMode.HTML,
                    reply_markup=None,
                )
            else:
                await message.edit_reply_markup(reply_markup=None)
        except TelegramError as error:  # "message is not modified", deleted, too old, 5xx
            # The buttons stay; pressing one again finds the question answered.
            log.info("could not close the question: %s", error)


def _message_id(incoming: Incoming) -> int | None:
    reference = incoming.reference
    return int(reference) if reference and reference.isdigit() else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

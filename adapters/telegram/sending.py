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
from telegram.error import BadRequest, Forbidden, RetryAfter

from adapters.telegram.pacing import seconds
from adapters.telegram.render import MAX_CAPTION, chunks, keyboard, to_html
from bot.delivery.outbox import TryLater, Unreachable

if TYPE_CHECKING:
    from collections.abc import Callable

    from telegram import Bot, CallbackQuery

    from bot.chat.messages import Outgoing, Text

log = logging.getLogger(__name__)

DEEP_LINK_PAYLOAD = "inbox"  # t.me/<bot>?start=inbox: opening the private chat delivers


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

    async def send_unreachable_note(self, chat_id: str, user_id: str, note: Text) -> None:
        link = f"https://t.me/{self._username()}?start={DEEP_LINK_PAYLOAD}"
        button = InlineKeyboardMarkup(
            [[InlineKeyboardButton("💬 Privégesprek · Private chat", url=link)]]
        )
        await self._bot.send_message(
            int(chat_id), to_html(note), parse_mode=ParseMode.HTML, reply_markup=button
        )

    # --- presses ----------------------------------------------------------------------------

    async def answer(self, query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text=text[:200] if text else None)
        except BadRequest as error:  # too old to answer ("query is too old"): harmless
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
        except BadRequest as error:  # "message is not modified", deleted, too old
            log.info("could not close the question: %s", error)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

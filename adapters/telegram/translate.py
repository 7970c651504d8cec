"""Telegram updates -> neutral events, through one table from update kind to translator.

Unknown kinds are skipped (and logged at debug level with their raw payload); a channel
post, a message from a bot or a press without a message the bot can see gives no event.
The moderator question is not answered here: it costs a request (getChatAdministrators),
so the adapter gives the core a way to ask (`Sender.moderator_check`), which it uses only
for a command that needs a moderator.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Message, MessageEntity
from telegram.constants import ChatType

from adapters.telegram.avatars import avatar_of, best_size
from bot.chat.messages import Chat, ChatKind, Incoming, Mention, Sender

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from telegram import CallbackQuery, Document, PhotoSize, Update, User

log = logging.getLogger(__name__)

PLATFORM = "telegram"


@dataclass(frozen=True)
class Me:
    """The bot account, as getMe told it."""

    id: int
    username: str


@dataclass(frozen=True)
class Received:
    """Something for the core: a member's message or press."""

    incoming: Incoming
    query: CallbackQuery | None = None  # a press: answered with a toast, perhaps closed
    moderator_matters: bool = False  # a command in a group: the sender's rights may count
    # A file sent privately (a portfolio for /importeer), to download before handling;
    # files in groups are ignored.
    document: Document | None = None
    photo: PhotoSize | None = None  # a photo sent privately (a profile photo), likewise


@dataclass(frozen=True)
class AddedToGroup:
    chat_id: int
    language_hint: str | None


@dataclass(frozen=True)
class Dismissed:
    """A press the core cannot use (its message is gone, no data): only answered."""

    query: CallbackQuery


Event = Received | AddedToGroup | Dismissed


def chat_of(message: Message) -> Chat | None:
    chat = message.chat
    if chat.type == ChatType.PRIVATE:
        return Chat(PLATFORM, str(chat.id), ChatKind.PRIVATE, title=chat.full_name or "")
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        return Chat(PLATFORM, str(chat.id), ChatKind.GROUP, title=chat.title or "")
    return None  # channels: not a place for portfolios


def sender_of(user: User, *, private: bool = False) -> Sender:
    return Sender(
        PLATFORM,
        str(user.id),
        display_name=user.full_name or user.username or str(user.id),
        language_hint=user.language_code,
        # Fetched by the core only after the member consented, in their private chat.
        avatar=functools.partial(avatar_of, user) if private else None,
        handle=handle_of(user),
    )


def handle_of(user: User) -> str:
    """How another member reaches this user: @username (Telegram links it), else a link to
    the user by id (opens their profile in the apps, as far as their privacy allows)."""
    return f"@{user.username}" if user.username else f"tg://user?id={user.id}"


_MENTIONS: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]


def mentions_of(message: Message, me: Me) -> tuple[Mention, ...]:
    """Whom the message names: @username mentions (Telegram gives no id for those: the core
    finds them by handle), mentions of people without a username (with their id), and the
    author of the message it replies to. The bot itself is left out."""
    found: list[Mention] = []
    bot = "@" + me.username.casefold()
    entities = message.parse_entities(_MENTIONS) if message.text else {}
    for entity, text in sorted(entities.items(), key=lambda item: item[0].offset):
        user = entity.user
        if entity.type == MessageEntity.TEXT_MENTION and user is not None and not user.is_bot:
            found.append(Mention(user_id=str(user.id), text=text, name=user.full_name))
        elif entity.type == MessageEntity.MENTION and text.casefold() != bot:
            found.append(Mention(handle=text, text=text, name=text))
    replied = message.reply_to_message
    if replied is not None and replied.forum_topic_created is not None:
        replied = None  # in a forum topic every message "replies" to the topic's opening
    author = replied.from_user if replied is not None else None
    if author is not None and not author.is_bot:
        found.append(Mention(user_id=str(author.id), name=author.full_name))
    return tuple(found)


def message_id(me: Me, update: Update) -> str:
    # Unique per bot; update ids of different bots may collide.
    return f"{me.id}:{update.update_id}"


def addressed_elsewhere(text: str, username: str) -> bool:
    """/cmd@OtherBot in a group is for another bot."""
    head = text.split(maxsplit=1)[0] if text.strip() else ""
    if not head.startswith("/") or "@" not in head:
        return False
    return head.partition("@")[2].casefold() != username.casefold()


def _message(update: Update, message: Message, me: Me, now: datetime) -> Event | None:
    user = message.from_user
    chat = chat_of(message)
    if chat is None or user is None or user.is_bot:
        return None
    if not chat.is_private and any(m.id == me.id for m in message.new_chat_members or ()):
        return AddedToGroup(message.chat.id, user.language_code)
    text = message.text or message.caption or ""
    document = message.document if chat.is_private else None
    photo = best_size(message.photo) if chat.is_private and message.photo else None
    if (not text and document is None and photo is None) or addressed_elsewhere(text, me.username):
        return None
    incoming = Incoming(
        message_id(me, update),
        chat,
        sender_of(user, private=chat.is_private),
        message.date,
        text=text,
        mentions=mentions_of(message, me),
        reference=str(message.message_id),
    )
    return Received(
        incoming,
        moderator_matters=not chat.is_private and text.startswith("/"),
        document=document,
        photo=photo,
    )


def _callback_query(update: Update, query: CallbackQuery, me: Me, now: datetime) -> Event:
    message = query.message if isinstance(query.message, Message) else None
    chat = chat_of(message) if message is not None else None
    if chat is None or query.data is None:
        return Dismissed(query)
    sender = sender_of(query.from_user, private=chat.is_private)
    incoming = Incoming(message_id(me, update), chat, sender, now, choice=query.data)
    return Received(incoming, query=query, moderator_matters=not chat.is_private)


# Update kind -> translator. The kinds are also what the bot asks Telegram for.
KINDS: dict[str, Callable[[Update, Any, Me, datetime], Event | None]] = {
    "message": _message,
    "callback_query": _callback_query,
}
ALLOWED_UPDATES = list(KINDS)


def translate(update: Update, me: Me, now: datetime) -> Event | None:
    for kind, convert in KINDS.items():
        payload = getattr(update, kind, None)
        if payload is not None:
            return convert(update, payload, me, now)
    log.debug("update %s of a kind the bot does not use: %s", update.update_id, update.to_dict())
    return None

"""Matrix events -> neutral events, through a table of event types.

Commands start with `!` (clients keep `/` for themselves; `/` is accepted too) or follow a
mention of the bot (`portfoliobot: log …`). A choice the bot offered is answered by a
reply with its number, by the number alone in that room, or by a reaction: 1️⃣ 2️⃣ 3️⃣ … for
the n-th option, or stars (⭐⭐⭐⭐) for a rating. Unknown kinds are skipped (the raw event
is logged at debug level only: it holds a member's words).
"""

from __future__ import annotations

import functools
import html
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from bot.chat.messages import Chat, ChatKind, Incoming, Mention, Sender

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import datetime

    from bot.chat.messages import Attachment, Choice

log = logging.getLogger(__name__)

PLATFORM = "matrix"
KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
STAR = "⭐"
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
# A "pill": a link to a user that clients insert when a member picks someone after @.
_PILL = re.compile(
    r"<a\s+href=[\"']https://matrix\.to/#/(@[^\"'?/]+)[^\"']*[\"']\s*>(.*?)</a>", re.S
)
_TAG = re.compile(r"<[^>]+>")
# The quoted message a reply's formatted body starts with (its pills name the quoted author).
_REPLY_QUOTE = re.compile(r"<mx-reply>.*?</mx-reply>", re.S)


@dataclass(frozen=True)
class Offered:
    """Choices the bot showed in a room, in the message `event_id`."""

    event_id: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class RoomContext:
    """What translation needs to know about the room an event came from."""

    room_id: str
    private: bool
    title: str
    bot_id: str
    bot_names: tuple[str, ...]  # localpart and display name, lower case
    offered: Offered | None  # the newest choices shown in this room
    offered_by_event: Callable[[str], Offered | None]
    moderator_check: Callable[[str], Awaitable[bool]]
    display_name: Callable[[str], str]
    # Fetches a member's profile picture (asked by the core only after their consent).
    avatar: Callable[[str], Awaitable[Attachment | None]] | None = None


def chat_of(room: RoomContext) -> Chat:
    kind = ChatKind.PRIVATE if room.private else ChatKind.GROUP
    return Chat(PLATFORM, room.room_id, kind, title=room.title)


def sender_of(user_id: str, room: RoomContext) -> Sender:
    async def moderates() -> bool:
        return await room.moderator_check(user_id)

    avatar = functools.partial(room.avatar, user_id) if room.avatar and room.private else None
    return Sender(
        PLATFORM,
        user_id,
        room.display_name(user_id),
        moderator_check=moderates,
        avatar=avatar,
        # The full user id is how another member reaches them (a DM, a mention).
        handle=user_id,
    )


def command_text(body: str, room: RoomContext) -> str:
    """The text for the core: `!log x` and a mention + `log x` become `/log x`."""
    text = body.strip()
    if text.startswith("!"):
        return "/" + text[1:]
    lowered = text.casefold()
    for name in (room.bot_id.casefold(), *room.bot_names):
        if name and lowered.startswith(name):
            rest = text[len(name) :].lstrip(" :,").strip()
            if rest and rest[0] in "!/":
                return "/" + rest[1:]
            return "/" + rest if rest else "/hulp"
    return text


def mentions_of(content: dict[str, Any], room: RoomContext) -> tuple[Mention, ...]:
    """The users a message mentions: pills in the formatted body (their text is what the
    body shows, usually the display name) and `m.mentions`; the bot left out."""
    found: dict[str, Mention] = {}
    formatted = ""
    if content.get("format") == "org.matrix.custom.html":
        formatted = _REPLY_QUOTE.sub("", str(content.get("formatted_body") or ""))
    for pill in _PILL.finditer(formatted):
        user_id = unquote(pill.group(1))
        text = html.unescape(_TAG.sub("", pill.group(2))).strip()
        if user_id != room.bot_id and user_id not in found:
            found[user_id] = Mention(user_id, text=text, name=text or room.display_name(user_id))
    for user_id in (content.get("m.mentions") or {}).get("user_ids") or []:
        user_id = str(user_id)
        if user_id != room.bot_id and user_id not in found:
            found[user_id] = Mention(user_id, text=user_id, name=room.display_name(user_id))
    return tuple(found.values())


def replied_event(raw: dict[str, Any]) -> str | None:
    """The event a message replies to, if it is a reply."""
    relates = (raw.get("content") or {}).get("m.relates_to") or {}
    event_id = (relates.get("m.in_reply_to") or {}).get("event_id")
    return str(event_id) if event_id else None


def _choice_for(offered: Offered | None, number: int) -> str | None:
    if offered is None or not 1 <= number <= len(offered.choices):
        return None
    return offered.choices[number - 1].key


def _stars(key: str, offered: Offered | None) -> str | None:
    count = key.count(STAR)
    if offered is None or count == 0 or key.replace(STAR, "").strip():
        return None
    for choice in offered.choices:
        if choice.label.strip().startswith(f"{count} ★"):
            return choice.key
    return None


def _message(raw: dict[str, Any], room: RoomContext, now: datetime) -> Incoming | None:
    content = raw.get("content") or {}
    if content.get("msgtype") in ("m.image", "m.file") and room.private:
        # A file privately (an image for /foto, a portfolio): the adapter downloads it.
        return _incoming(raw, room, now)
    if content.get("msgtype") not in ("m.text", "m.notice", "m.emote"):
        return None
    if content.get("m.relates_to", {}).get("rel_type") == "m.replace":
        return None  # an edit: the original was handled
    body = str(content.get("body") or "")
    reply_to = replied_event(raw)
    if reply_to:
        body = _strip_reply_fallback(body)
    number = _NUMBER.match(body)
    if number:
        offered = room.offered_by_event(reply_to) if reply_to else room.offered
        choice = _choice_for(offered, int(number.group(1)))
        if choice is not None:
            return _incoming(raw, room, now, choice=choice)
    text = command_text(body, room)
    mentions = mentions_of(content, room) if text.startswith("/") else ()
    return _incoming(raw, room, now, text=text, mentions=mentions)


def _reaction(raw: dict[str, Any], room: RoomContext, now: datetime) -> Incoming | None:
    relates = (raw.get("content") or {}).get("m.relates_to") or {}
    key = str(relates.get("key") or "")
    offered = room.offered_by_event(str(relates.get("event_id") or ""))
    if offered is None:
        return None
    choice = _choice_for(offered, KEYCAPS.index(key) + 1) if key in KEYCAPS else None
    choice = choice or _stars(key, offered)
    if choice is None:
        return None
    return _incoming(raw, room, now, choice=choice)


def _strip_reply_fallback(body: str) -> str:
    """A reply's body starts with the quoted message as '> ' lines (older clients)."""
    lines = body.split("\n")
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()


def _incoming(
    raw: dict[str, Any],
    room: RoomContext,
    now: datetime,
    *,
    text: str = "",
    choice: str | None = None,
    mentions: tuple[Mention, ...] = (),
) -> Incoming:
    event_id = str(raw["event_id"])
    return Incoming(
        event_id,
        chat_of(room),
        sender_of(str(raw["sender"]), room),
        now,
        text=text,
        choice=choice,
        mentions=mentions,
        reference=event_id,
    )


_TABLE: dict[str, Callable[[dict[str, Any], RoomContext, datetime], Incoming | None]] = {
    "m.room.message": _message,
    "m.reaction": _reaction,
}


def translate(raw: dict[str, Any], room: RoomContext, now: datetime) -> Incoming | None:
    """The neutral form of a (decrypted) room event, or None for what the bot ignores."""
    if raw.get("sender") == room.bot_id or "state_key" in raw:
        return None
    handler = _TABLE.get(str(raw.get("type")))
    if handler is None:
        log.debug("Matrix: skipped a %s event", raw.get("type"))
        return None
    return handler(raw, room, now)

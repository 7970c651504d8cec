"""The world the fake Bot API serves: users, chats, messages, and Telegram's flood limits.

Everything here is plain data with ``to_api()`` giving the Bot API's JSON shape, so a test can
build updates and check what the bot sent without knowing the wire format.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal

ChatType = Literal["private", "group", "supergroup"]
JSON = dict[str, Any]


class ApiError(Exception):
    """A Bot API error reply: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def to_api(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "nl"
    is_bot: bool = False

    def to_api(self) -> JSON:
        user: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass(frozen=True)
class FakeChat:
    id: int
    type: ChatType
    title: str | None = None
    user: FakeUser | None = None  # the other party of a private chat

    def to_api(self) -> JSON:
        chat: JSON = {"id": self.id, "type": self.type}
        if self.title:
            chat["title"] = self.title
        if self.user is not None:
            chat["first_name"] = self.user.first_name
            if self.user.username:
                chat["username"] = self.user.username
        return chat

    def to_full_api(self) -> JSON:
        """``ChatFullInfo`` for getChat: PTB insists on these otherwise optional-looking keys."""
        gift_types = dict.fromkeys(
            [
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ],
            False,
        )
        return {
            **self.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gift_types,
        }


@dataclass(frozen=True)
class SentFile:
    """A file the bot uploaded (multipart) or referred to by file_id/URL (``content`` empty)."""

    filename: str | None
    content: bytes
    mime_type: str | None = None
    file_id: str = ""


@dataclass
class SentMessage:
    """A message in a chat, as it is now; ``history`` keeps the versions before each edit."""

    chat_id: int
    message_id: int
    sender: FakeUser
    date: int
    text: str | None = None  # raw, as sent, markup included
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    document: SentFile | None = None
    photo: SentFile | None = None
    caption: str | None = None
    reply_to_message_id: int | None = None
    plain_text: str | None = None  # text (or caption) as a client shows it
    entities: list[JSON] = field(default_factory=list)
    history: list[tuple[str | None, JSON | None]] = field(default_factory=list)
    chat: FakeChat | None = field(default=None, repr=False)

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline keyboard buttons, row by row, as ``(text, callback_data)``."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]

    def to_api(self) -> JSON:
        assert self.chat is not None
        message: JSON = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat.to_api(),
            "from": self.sender.to_api(),
        }
        body_key = "caption" if self.document or self.photo else "text"
        if self.plain_text is not None:
            message[body_key] = self.plain_text
            if self.entities:
                message["entities" if body_key == "text" else "caption_entities"] = self.entities
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            # Telegram only echoes inline keyboards; reply keyboards are not part of a Message.
            message["reply_markup"] = self.reply_markup
        if self.document is not None:
            message["document"] = _file_api(self.document)
        if self.photo is not None:
            photo = _file_api(self.photo)
            photo.pop("file_name", None)
            photo.pop("mime_type", None)
            message["photo"] = [{**photo, "width": 1, "height": 1}]
        if self.history:
            message["edit_date"] = now()
        return message


def _file_api(sent: SentFile) -> JSON:
    info: JSON = {
        "file_id": sent.file_id,
        "file_unique_id": f"u{sent.file_id}",
        "file_size": len(sent.content),
    }
    if sent.filename:
        info["file_name"] = sent.filename
    if sent.mime_type:
        info["mime_type"] = sent.mime_type
    return info


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


def now() -> int:
    return int(time.time())


# --- Flood limits ---------------------------------------------------------------------------


@dataclass
class _Bucket:
    """Token bucket: ``capacity`` sends at once, refilled at ``rate`` per second."""

    capacity: float
    rate: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, at: float) -> float:
        """Take a token; return 0.0, or the seconds until one is available (nothing taken)."""
        if self.tokens < 0:
            self.tokens, self.stamp = self.capacity, at
        self.tokens = min(self.capacity, self.tokens + (at - self.stamp) * self.rate)
        self.stamp = at
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def give_back(self) -> None:
        self.tokens += 1.0


@dataclass
class RateLimits:
    """Telegram's documented flood limits (https://core.telegram.org/bots/faq): about 30
    messages a second overall, about one a second per chat (a short burst is tolerated), and
    20 a minute per group. Exceeding them gives 429 with a whole number of seconds to wait."""

    overall_per_second: float = 30.0
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: float = 20.0
    rejected: int = 0  # how many 429s were given
    _overall: _Bucket | None = field(default=None, init=False, repr=False)
    _chats: dict[int, _Bucket] = field(default_factory=dict, init=False, repr=False)

    def check(self, chat: FakeChat, at: float | None = None) -> None:
        """Account one message to ``chat``; raise a 429 :class:`ApiError` if over a limit."""
        at = time.monotonic() if at is None else at
        if self._overall is None:
            self._overall = _Bucket(self.overall_per_second, self.overall_per_second)
        chat_bucket = self._chats.get(chat.id)
        if chat_bucket is None:
            if chat.type == "private":
                chat_bucket = _Bucket(self.private_burst, self.private_per_second)
            else:
                chat_bucket = _Bucket(self.group_per_minute, self.group_per_minute / 60)
            self._chats[chat.id] = chat_bucket
        wait = self._overall.take(at)
        if not wait:
            wait = chat_bucket.take(at)
            if wait:
                self._overall.give_back()
        if wait:
            self.rejected += 1
            seconds = max(1, math.ceil(round(wait, 6)))  # round off float noise: 2.0000001
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)

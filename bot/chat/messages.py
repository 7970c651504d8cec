"""Neutral message types. Adapters translate platform events to and from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.i18n.text import Span, Style, Text

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import datetime

__all__ = [
    "Attachment",
    "Chat",
    "ChatKind",
    "Choice",
    "Destination",
    "Incoming",
    "Mention",
    "Outgoing",
    "Sender",
    "Span",
    "Style",
    "Text",
    "TypedAnswer",
]


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class Chat:
    platform: str
    id: str
    kind: ChatKind
    title: str = ""

    @property
    def is_private(self) -> bool:
        return self.kind is ChatKind.PRIVATE


@dataclass(frozen=True)
class Sender:
    platform: str
    id: str
    display_name: str
    # Whether the sender moderates the group chat the message came from: either known at
    # once (`is_moderator`), or asked of the platform through `moderator_check` — the
    # router asks only when a command needs it (a request to the platform).
    is_moderator: bool = False
    language_hint: str | None = None  # the client's language, used for a new member
    # How another member reaches this sender on the platform (an @username, a link, a user
    # id), ready to show; opaque to the core, passed on only by an accepted /intro.
    handle: str = ""
    moderator_check: Callable[[], Awaitable[bool]] | None = field(
        default=None, compare=False, repr=False
    )
    # Fetches the sender's profile picture on the platform (None: the platform has none to
    # offer). The router calls it only after the member consented (a press on a button
    # whose action fetches the avatar, see bot.chat.flows.FlowSet.action).
    avatar: Callable[[], Awaitable[Attachment | None]] | None = field(
        default=None, compare=False, repr=False
    )

    async def moderates(self) -> bool:
        if self.moderator_check is not None:
            return await self.moderator_check()
        return self.is_moderator


@dataclass(frozen=True)
class Mention:
    """Someone a message names through the platform: a mention, or the author of the
    message it replies to (`text` empty). The platform says who by `user_id`, or, when it
    only knows a name (an @username), by the `handle` that identity would have."""

    user_id: str | None = None
    handle: str | None = None
    text: str = ""  # as it stands in the message text, to be cut out of it
    name: str = ""  # how the platform shows the person to the sender


@dataclass(frozen=True)
class Incoming:
    """One thing a person did: a message, or a press on a choice the bot offered.

    `message_id` must be unique per platform (not only per chat): the core uses it to make
    a redelivered message a no-op."""

    message_id: str
    chat: Chat
    sender: Sender
    received_at: datetime
    text: str = ""
    choice: str | None = None
    # A file sent with the message (a portfolio to /import).
    attachment: Attachment | None = None
    # The people the message names through the platform (mentions, the replied-to author).
    mentions: tuple[Mention, ...] = ()
    # The platform's own reference to this message in its chat, for an adapter to answer
    # or react to it (opaque to the core).
    reference: str | None = field(default=None, compare=False)
    # Text written in a form for one question (`Outgoing.typed_answer`'s token): a typed
    # answer to that question, in a group too, and never read as a command.
    answers: str | None = None


class Destination(StrEnum):
    HERE = "here"  # the chat the incoming message came from
    PRIVATE = "private"  # the sender's private chat with the bot


@dataclass(frozen=True)
class Choice:
    key: str  # opaque; comes back as Incoming.choice when pressed
    label: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class TypedAnswer:
    """A question that takes a typed answer. Where typing does not reach the bot (a
    platform without message content in groups), an adapter may offer a form: its text
    comes back as `Incoming(text=..., answers=token)`."""

    token: str
    button: str  # "✏️ Type answer", in the member's language
    language: str  # the member's language, for the form's own words


@dataclass(frozen=True)
class Outgoing:
    text: Text
    destination: Destination = Destination.HERE
    choices: tuple[Choice, ...] = ()
    attachment: Attachment | None = None
    # True when this is the content-free note a group sees instead of personal data.
    is_ack: bool = field(default=False, compare=False)
    # What the acknowledgement says (its catalog key, e.g. "ack.noted"): a platform with
    # reactions may show it as one on the member's message instead of as this text.
    ack_kind: str = field(default="", compare=False)
    # A short answer to a button press (see bot.chat.replies.Reply.toast).
    toast: bool = field(default=False, compare=False)
    typed_answer: TypedAnswer | None = field(default=None, compare=False)

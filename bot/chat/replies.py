"""What a handler answers, before rendering. Privacy is a property of the reply:
a `personal` reply is never shown in a group; the router sends it to the private chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.chat.messages import Attachment, Outgoing
    from bot.domain.outbox import Delivery


@dataclass(frozen=True)
class ChoiceSpec:
    key: str
    label: Msg


@dataclass(frozen=True)
class Reply:
    parts: tuple[Msg, ...]
    # Personal unless a handler says otherwise: forgetting to mark a reply can only make
    # it more private, never less.
    personal: bool = True
    choices: tuple[ChoiceSpec, ...] = ()
    attachment: Attachment | None = None
    # A short answer to a button press that needs no message of its own ("this question
    # has expired"): Telegram shows it as a callback-query toast, others as a message.
    toast: bool = False

    @staticmethod
    def of(key: str, **params: Any) -> Reply:
        return Reply((Msg(key, params),))

    @staticmethod
    def public(key: str, **params: Any) -> Reply:
        """For text that shows nothing of anyone's portfolio (help, usage examples)."""
        return Reply((Msg(key, params),), personal=False)


class UsageError(Exception):
    """Input that cannot be understood; the reply explains and shows an example."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.msg = Msg(key, params)


@dataclass
class Outcome:
    """The result of handling one incoming message, inside its transaction."""

    language: str
    replies: list[Reply] = field(default_factory=list)
    ack: str = "ack.private"
    duplicate: bool = False
    unblocked: bool = False  # undeliverable private messages became due again
    # Those messages, claimed for the caller to send before the replies (Router.answer).
    waiting: list[Delivery] = field(default_factory=list)


@dataclass
class Answer:
    """What the core answers to one incoming message: first what waited for the member's
    private chat (outbox rows, claimed for the caller), then the replies."""

    replies: list[Outgoing]
    waiting: list[Delivery] = field(default_factory=list)

"""What a handler answers, before rendering. Privacy is a property of the reply:
a `personal` reply is never shown in a group; the router sends it to the private chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.i18n import Msg

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.chat.messages import Attachment, Outgoing
    from bot.domain.outbox import Delivery


@dataclass(frozen=True)
class LaterAttachment:
    """A file made after the transaction, on a worker thread: rendering a PDF of years of
    data holds neither the store nor the event loop, so other members are not kept
    waiting. `build` gets only plain data (a snapshot read in the transaction)."""

    build: Callable[[], Attachment]


@dataclass(frozen=True)
class ChoiceSpec:
    key: str
    label: Msg


class Effect(StrEnum):
    """What answering did. The acknowledgement a group sees is chosen from it, so it never
    claims a change that did not happen."""

    SHOWN = "shown"  # showed something, or could not do what was asked
    ASKED = "asked"  # a question waits for the member's answer
    CHANGED = "changed"  # stored or changed something


@dataclass(frozen=True)
class Reply:
    parts: tuple[Msg, ...]
    # Personal unless a handler says otherwise: forgetting to mark a reply can only make
    # it more private, never less.
    personal: bool = True
    choices: tuple[ChoiceSpec, ...] = ()
    attachment: Attachment | LaterAttachment | None = None
    # A short answer to a button press that needs no message of its own ("this question
    # has expired"): a platform shows it as a toast where it has one, else as a message.
    toast: bool = False
    effect: Effect = Effect.SHOWN
    # A question that takes a typed answer: its token ("" when not; see bot.chat.flows.ask).
    typed_answer: str = ""

    @staticmethod
    def of(key: str, **params: Any) -> Reply:
        return Reply((Msg(key, params),))

    @staticmethod
    def done(key: str, **params: Any) -> Reply:
        """A personal reply saying that something was stored or changed."""
        return Reply((Msg(key, params),), effect=Effect.CHANGED)

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
    ack: str = "ack.private"  # the command's acknowledgement of a change
    duplicate: bool = False
    unblocked: bool = False  # undeliverable private messages became due again
    # Those messages, claimed for the caller to send before the replies (Router.answer).
    waiting: list[Delivery] = field(default_factory=list)

    @property
    def group_ack(self) -> str:
        """The acknowledgement for the group when a personal answer went privately."""
        effects = {reply.effect for reply in self.replies}
        if Effect.ASKED in effects:
            return "ack.question"
        if Effect.CHANGED in effects:
            return self.ack
        return "ack.private"


@dataclass
class Answer:
    """What the core answers to one incoming message: first what waited for the member's
    private chat (outbox rows, claimed for the caller), then the replies."""

    replies: list[Outgoing]
    waiting: list[Delivery] = field(default_factory=list)

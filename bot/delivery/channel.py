"""The one protocol every adapter implements for the core to send through.

The core decides what goes where (bot.delivery.replies, .outbox, .groups, .platforms); an
adapter only translates a neutral message into its platform's calls, paced by a `Shaper`
built with the adapter's own limits, and reports how a private send went:
- returning: sent;
- `Unreachable`: the member's private chat cannot be reached (never opened, or the bot is
  blocked); the core parks the message and tells the member where they can be told;
- `TryLater(seconds)`: the platform asked to slow down;
- anything else: a failure the core retries later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.chat.messages import Incoming, Outgoing, Text


class Unreachable(Exception):
    """The member's private chat cannot be reached."""


class TryLater(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class UnreachableNote:
    """A content-free note in a group for a member the bot cannot write to privately, in
    the member's language. `text` names them with a `Style.MENTION` span."""

    user_id: str  # the member, on the adapter's platform
    text: Text
    open_label: str  # the label of the platform's way to open a private chat
    answering: Incoming | None = None  # the member's command this note answers, if any


class OutboxChannel(Protocol):
    """What the outbox deliverer and the group poster need from an adapter."""

    platform: str

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        """Send to the member's private chat; raise Unreachable or TryLater as above."""

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        """Post in the group `chat_id` (text, perhaps an image attachment)."""

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        """Post `note` in the group `chat_id` with the platform's way to open a private chat
        with the bot, answering `note.answering` when given, mentioning the member."""


class ReplyChannel(OutboxChannel, Protocol):
    """What answering an incoming message needs besides (bot.delivery.replies)."""

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        """Send in the chat `incoming` came from. In a group it answers the member's
        message; in a one-to-one chat it does not quote it."""

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        """Acknowledge `incoming` with a reaction standing for `ack_kind` (e.g.
        "ack.noted"). False when the platform has none (or none for this kind): the core
        then sends the acknowledgement as text."""

"""The console's private chat for the outbox deliverer: delivered messages (reminders)
are printed as `[DM] ` lines while the chat is open, and their buttons can be pressed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters.console import translate
from bot.delivery.outbox import Unreachable

if TYPE_CHECKING:
    from adapters.console.adapter import ConsoleAdapter
    from bot.chat.messages import Outgoing, Text


@dataclass
class ConsolePrivateChannel:
    adapter: ConsoleAdapter
    platform: str = translate.PLATFORM

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        if user_id != self.adapter.user:
            # Another console user's message waits (blocked) until they chat privately.
            raise Unreachable(user_id)
        self.adapter.show_delivered(message)

    async def send_unreachable_note(self, chat_id: str, user_id: str, note: Text) -> None:
        if (
            self.adapter.group is not None
            and chat_id == translate.group_chat(self.adapter.group).id
        ):
            self.adapter.show_note(note.plain)

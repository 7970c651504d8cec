"""The console's `OutboxChannel` (bot.delivery.channel): delivered messages (reminders) are
printed as `[DM] ` lines while the chat is open and their buttons can be pressed; group
posts are printed with `[#group]` before each line, an image saved to the export
directory like /export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters.console import translate
from bot.delivery.channel import Unreachable

if TYPE_CHECKING:
    from adapters.console.adapter import ConsoleAdapter
    from bot.chat.messages import Outgoing
    from bot.delivery.channel import UnreachableNote


@dataclass
class ConsoleChannel:
    adapter: ConsoleAdapter
    platform: str = translate.PLATFORM

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        if user_id != self.adapter.user:
            # Another console user's message waits (blocked) until they chat privately.
            raise Unreachable(user_id)
        self.adapter.show_delivered(message)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        adapter = self.adapter
        name = chat_id.removeprefix("group:")
        saved = adapter.save(message.attachment) if message.attachment else None
        for line in translate.lines_of(message, dm=False, saved=saved, ansi=adapter.ansi):
            print(f"[#{name}] {line}", file=adapter.out)
        adapter.out.flush()

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        group = self.adapter.group
        if group is not None and chat_id == translate.group_chat(group).id:
            self.adapter.show_note(note.text.plain)

"""The console's `GroupChannel` (bot.delivery.groups): group posts are printed, with
`[#group]` before each line, and an image is saved to the export directory like /export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters.console import translate

if TYPE_CHECKING:
    from adapters.console.adapter import ConsoleAdapter
    from bot.chat.messages import Outgoing


@dataclass
class ConsoleGroupChannel:
    adapter: ConsoleAdapter
    platform: str = translate.PLATFORM

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        name = chat_id.removeprefix("group:")
        saved = self.adapter._save(message.attachment) if message.attachment else None
        for line in translate.lines_of(message, dm=False, saved=saved, ansi=self.adapter.ansi):
            print(f"[#{name}] {line}", file=self.adapter.out)
        self.adapter.out.flush()

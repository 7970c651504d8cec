"""A conversation in the terminal, or lines from a pipe: one line is one message."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from adapters.console import translate
from bot.chat.messages import Choice, Destination

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from pathlib import Path

    from bot.chat.messages import Attachment, Chat, Outgoing
    from bot.chat.router import Router
    from bot.clock import Clock


@dataclass
class _Offered:
    """The choices shown last, and the chat they were shown in."""

    chat: Chat
    choices: tuple[Choice, ...] = ()


@dataclass
class ConsoleAdapter:
    router: Router
    clock: Clock
    user: str
    export_dir: Path
    group: str | None = None
    moderator: bool = False
    out: TextIO = field(default=sys.stdout)
    ansi: bool = False
    _offered: _Offered | None = None
    _last_private: bool = False
    moderator_checks: int = 0  # how often the core asked whether the user moderates

    def __post_init__(self) -> None:
        self._sender = translate.sender(self.user, moderator_check=self._moderates)
        self._dm = translate.private_chat(self.user)
        self._chat = translate.group_chat(self.group) if self.group else self._dm

    async def _moderates(self) -> bool:
        """`moderator` means: a moderator of the group chat (the core asks only there)."""
        self.moderator_checks += 1
        return self.moderator

    @property
    def in_group(self) -> bool:
        return self.group is not None

    def _press_for(self, line: str) -> tuple[Chat, str] | None:
        offered = self._offered
        if offered is None or not offered.choices:
            return None
        wanted = line.strip().casefold()
        for number, choice in enumerate(offered.choices, 1):
            if wanted in (str(number), choice.label.casefold()):
                return offered.chat, choice.key
        return None

    async def send_line(self, line: str) -> list[Outgoing]:
        """Hand one typed line to the core and print what comes back."""
        now = self.clock.now()
        press = self._press_for(line)
        if press is not None:
            chat, key = press
            message = translate.incoming(chat, self._sender, now, choice=key)
        else:
            # Text that answers a question the bot asked privately belongs in the private chat.
            answering_privately = self._last_private and not line.lstrip().startswith("/")
            chat = self._dm if answering_privately else self._chat
            message = translate.incoming(chat, self._sender, now, text=line)
            file = translate.file_to_send(line)
            if file is not None:  # "/import PATH": the console's way to send a file
                message = dataclasses.replace(message, text=file[0], attachment=file[1])
        replies = await self.router.handle(message)
        self._show(replies, message.chat)
        return replies

    def _show(self, replies: list[Outgoing], chat: Chat) -> None:
        for outgoing in replies:
            private = outgoing.destination is Destination.PRIVATE or chat.is_private
            if outgoing.choices:
                self._offered = _Offered(self._dm if private else chat, outgoing.choices)
            if not outgoing.is_ack:
                self._last_private = private and self.in_group
            saved = self.save(outgoing.attachment) if outgoing.attachment else None
            for line in translate.lines_of(
                outgoing, dm=self.in_group and private, saved=saved, ansi=self.ansi
            ):
                print(line, file=self.out)
        self.out.flush()

    def show_delivered(self, outgoing: Outgoing) -> None:
        """A message from the outbox (a reminder): always a `[DM] ` line, its buttons
        pressable by number or label."""
        if outgoing.choices:
            self._offered = _Offered(self._dm, outgoing.choices)
        for line in translate.lines_of(outgoing, dm=True, ansi=self.ansi):
            print(line, file=self.out)
        self.out.flush()

    def show_note(self, text: str) -> None:
        print(text, file=self.out)
        self.out.flush()

    def save(self, attachment: Attachment) -> Path:
        self.export_dir.mkdir(parents=True, exist_ok=True)
        stem, dot, suffix = attachment.filename.rpartition(".")
        path = self.export_dir / attachment.filename
        counter = 1
        while path.exists():
            path = self.export_dir / f"{stem}-{counter}{dot}{suffix}"
            counter += 1
        path.write_bytes(attachment.content)
        return path.resolve()

    async def run(
        self,
        source: TextIO,
        *,
        interactive: bool,
        after_line: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        """Until end of input. Interactive: with a prompt and line editing. `after_line`
        runs after each line is answered, before the next is read (piped input: what the
        line made due is shown before the next line can answer it)."""
        if interactive:
            import readline  # noqa: F401  (line editing and history for input())
        while True:
            if interactive:
                try:
                    line = await asyncio.to_thread(input, "> ")
                except EOFError:
                    print(file=self.out)
                    return
            else:
                line = await asyncio.to_thread(source.readline)
                if not line:
                    return
            line = line.rstrip("\r\n")
            if line.strip():
                await self.send_line(line)
                if after_line is not None:
                    await after_line()

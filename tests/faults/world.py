"""A world for the fault stories: the real Telegram adapter (real PTB) and core on a real
store, against the loopback Bot API failing a share of calls (tests/fakes/telegram_faults.py).

Members act through the fake as Telegram users would; the world remembers when each
member wrote and when each reply arrived, and checks afterwards what arrived twice."""

from __future__ import annotations

import asyncio
import contextlib
import string
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.bootstrap import Core, bootstrap
from bot.settings import Settings
from storage import open_store
from tests.contract.drivers import telegram_adapter

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from pathlib import Path

    from adapters.telegram.adapter import TelegramAdapter
    from tests.fakes.telegram_api import TelegramApiServer
    from tests.fakes.telegram_faults import FaultInjector, FaultPlan
    from tests.fakes.telegram_model import FakeChat, FakeUser, SentMessage

ACK = "✓ Genoteerd — de details staan in je privéchat."
# The adapter's waits, short so that the stories are quick: a poll answered later than
# 2 s hangs, a send answered later than 1 s timed out; polls back off up to 2 s.
ADAPTER_CONFIG: dict[str, object] = {
    "poll_timeout": 1,
    "poll_grace_seconds": 1.0,
    "poll_backoff_max_seconds": 2.0,
    "send_timeout_seconds": 1.0,
}
SLOW_SECONDS = 1.5  # an answer later than the adapter waits for one
HANG_SECONDS = 3.0  # a poll held longer than the adapter waits for one


def tag(number: int) -> str:
    """A word that no parser reads as a date, a duration or a number: Tagab, Tagac, …"""
    letters = string.ascii_lowercase
    return "Tag" + letters[number // 26] + letters[number % 26]


@dataclass
class Member:
    name: str
    user: FakeUser
    tag: str
    waits: list[float] = field(default_factory=list)  # seconds from message to reply


@dataclass
class World:
    api: TelegramApiServer
    core: Core
    adapter: TelegramAdapter
    faults: FaultInjector | None = None
    members: list[Member] = field(default_factory=list)
    groups: list[FakeChat] = field(default_factory=list)
    commands: list[SentMessage] = field(default_factory=list)  # members' group commands

    def add_members(self, count: int) -> list[Member]:
        start = len(self.members)
        made = [
            Member(f"Leraar{n}", self.api.create_user(f"Leraar{n}"), tag(n))
            for n in range(start, start + count)
        ]
        self.members += made
        return made

    def add_group(self, title: str) -> FakeChat:
        group = self.api.create_group(title, supergroup=True)
        self.groups.append(group)
        return group

    def inject(self, plan: FaultPlan) -> FaultInjector:
        self.faults = self.api.inject_faults(plan)
        return self.faults

    def in_group(self, member: Member, group: FakeChat, text: str) -> SentMessage:
        command = self.api.user_sends(member.user, group, text)
        self.commands.append(command)
        return command

    # --- reading what arrived ----------------------------------------------------------

    def text_acks(self, command: SentMessage) -> int:
        """Acknowledgements sent as text in answer to a member's group command."""
        return sum(
            1
            for message in self.api.sent(command.chat_id)
            if message.reply_to_message_id == command.message_id and message.plain_text == ACK
        )

    def acknowledged(self, command: SentMessage) -> bool:
        """A reaction on the command, or an acknowledgement answering it."""
        reacted = command.message_id in self.api.reactions_in(command.chat_id)
        return reacted or self.text_acks(command) > 0

    def unacknowledged(self) -> list[str]:
        """Group commands without an acknowledgement. One that could not be sent at first
        is posted later on its own (not as an answer): each such post covers one."""
        missing: list[str] = []
        for group in self.groups:
            posted = [
                m
                for m in self.api.sent(group)
                if m.plain_text == ACK and m.reply_to_message_id is None
            ]
            unanswered = [
                c for c in self.commands if c.chat_id == group.id and not self.acknowledged(c)
            ]
            missing += [c.plain_text or "" for c in unanswered[len(posted) :]]
        return missing

    def replies_kept(self) -> int:
        return self.adapter.replies.kept

    def private(self, member: Member) -> list[SentMessage]:
        return self.api.sent(member.user)

    def texts(self, member: Member) -> list[str]:
        return [m.plain_text or "" for m in self.private(member)]

    def has(self, member: Member, needle: str) -> bool:
        return any(needle in text for text in self.texts(member))

    def with_text(self, member: Member, needle: str) -> SentMessage:
        for message in reversed(self.private(member)):
            if needle in (message.plain_text or ""):
                return message
        raise AssertionError(f"{member.name} never got {needle!r}: {self.texts(member)}")

    async def arrives(
        self,
        member: Member,
        needle: str,
        timeout: float = 60.0,  # noqa: ASYNC109
    ) -> SentMessage:
        try:
            await self.api.wait_until(lambda: self.has(member, needle), timeout)
        except AssertionError:
            raise AssertionError(
                f"{member.name} did not get {needle!r} within {timeout} s; got "
                f"{self.texts(member)}"
            ) from None
        return self.with_text(member, needle)

    async def says(
        self,
        member: Member,
        text: str,
        reply: str,
        *,
        group: FakeChat | None = None,
        timeout: float = 60.0,  # noqa: ASYNC109
    ) -> float:
        """``member`` writes ``text`` and waits for a private message containing ``reply``;
        the seconds it took are remembered and returned."""
        started = time.monotonic()
        self.api.user_sends(member.user, group, text)
        await self.arrives(member, reply, timeout)
        waited = time.monotonic() - started
        member.waits.append(waited)
        return waited

    def doubles(
        self, chat: FakeChat | FakeUser, expected: Counter[str] | None = None
    ) -> list[str]:
        """Texts (or file names) that arrived in ``chat`` more often than ``expected`` (default
        once) plus what a time-out after an applied send explains: each ``slow`` fault may
        repeat its message once."""
        messages = self.api.sent(chat)
        seen = Counter(_what(m) for m in messages)
        slow_ids = self.faults.slow_messages(chat.id) if self.faults else set()
        repeatable = Counter(_what(m) for m in messages if m.message_id in slow_ids)
        wanted = expected or Counter()
        return [what for what, n in seen.items() if n > max(1, wanted[what]) + repeatable[what]]

    def all_doubles(self) -> dict[str, list[str]]:
        """Doubles in every member's private chat and every group; in a group each command
        is acknowledged once (as a reaction, or as text when reacting failed)."""
        found: dict[str, list[str]] = {}
        for member in self.members:
            if doubled := self.doubles(member.user):
                found[member.name] = doubled
        for group in self.groups:
            acks = Counter({ACK: len([c for c in self.commands if c.chat_id == group.id])})
            if doubled := self.doubles(group, acks):
                found[group.title or str(group.id)] = doubled
        for command in self.commands:
            slow = self.faults.slow_messages(command.chat_id) if self.faults else set()
            if self.text_acks(command) > 1 + len(slow):
                found.setdefault(str(command.chat_id), []).append(f"ack of {command.plain_text}")
        return found

    async def stored(self, sql: str) -> list[tuple[Any, ...]]:
        def read(uow: Any) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in uow.members._db.exec_driver_sql(sql)]

        return await self.core.store.run(read)

    # --- the scheduler's jobs, as `portfoliobot run` has them ----------------------------

    @contextlib.asynccontextmanager
    async def scheduler_running(self, every: float = 0.3) -> AsyncIterator[None]:
        """Due reminders into the outbox, and group posts (kept replies among them) out."""

        async def loop() -> None:
            while True:
                with contextlib.suppress(Exception):
                    await self.core.reminders.dispatch_due()
                with contextlib.suppress(Exception):
                    await self.core.platforms.post_to_groups()
                await asyncio.sleep(every)

        task = asyncio.create_task(loop())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _what(message: SentMessage) -> str:
    file = message.document or message.photo
    return f"📎 {file.filename}" if file else message.plain_text or ""


@contextlib.asynccontextmanager
async def world(api: TelegramApiServer, store_url: str, data: Path) -> AsyncIterator[World]:
    store = await open_store(store_url)
    core = bootstrap(store, Settings(database_url=store_url, data_dir=data))
    adapter = telegram_adapter(core, api, **ADAPTER_CONFIG)
    await adapter.start()
    made = World(api, core, adapter)
    try:
        yield made
    finally:
        if made.faults is not None:
            made.faults.stop()
        await adapter.stop()
        await store.close()


async def together(*actions: Callable[[], Any]) -> None:
    """Run the members' stories at once; the first failure is raised."""
    await asyncio.gather(*(action() for action in actions))


def now() -> datetime:
    return datetime.now(UTC)

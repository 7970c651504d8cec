"""Drive the core in-process, as a chat platform would: who says what, where."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.bootstrap import Core, bootstrap
from bot.chat.messages import Chat, ChatKind, Destination, Incoming, Outgoing, Sender
from bot.clock import FixedClock
from bot.settings import Settings
from storage import open_store

PLATFORM = "test"
# A Wednesday, in the school year 2026-2027.
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)


@dataclass
class Said:
    """What the bot sent back for one message, split by where it went."""

    replies: list[Outgoing]

    @property
    def here(self) -> list[Outgoing]:
        return [r for r in self.replies if r.destination is Destination.HERE]

    @property
    def private(self) -> list[Outgoing]:
        return [r for r in self.replies if r.destination is Destination.PRIVATE]

    @property
    def text(self) -> str:
        return "\n".join(r.text.plain for r in self.replies)

    @property
    def here_text(self) -> str:
        return "\n".join(r.text.plain for r in self.here)

    @property
    def private_text(self) -> str:
        return "\n".join(r.text.plain for r in self.private)


@dataclass
class Driver:
    core: Core
    clock: FixedClock
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    last_choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @staticmethod
    async def open(url: str, now: datetime = NOW, *, admins: str = "") -> Driver:
        """`admins`: the operators, as PORTFOLIOBOT_ADMINS (e.g. "test:op")."""
        clock = FixedClock(now)
        store = await open_store(url)
        return Driver(bootstrap(store, Settings(database_url=url, admins=admins), clock), clock)

    async def close(self) -> None:
        await self.core.store.close()

    def chat(self, user: str, group: str | None) -> Chat:
        if group is None:
            return Chat(PLATFORM, f"dm-{user}", ChatKind.PRIVATE, user)
        return Chat(PLATFORM, f"group-{group}", ChatKind.GROUP, group)

    def incoming(
        self,
        user: str,
        text: str = "",
        *,
        group: str | None = None,
        choice: str | None = None,
        moderator: bool = False,
        message_id: str | None = None,
    ) -> Incoming:
        return Incoming(
            message_id or f"m{next(self._ids)}-{uuid.uuid4().hex[:8]}",
            self.chat(user, group),
            Sender(PLATFORM, user, user.title(), is_moderator=moderator),
            self.clock.now(),
            text=text,
            choice=choice,
        )

    async def send(self, message: Incoming) -> Said:
        said = Said(await self.core.router.handle(message))
        for reply in said.replies:
            if reply.choices:
                self.last_choices[message.sender.id] = [(c.key, c.label) for c in reply.choices]
        return said

    async def say(self, user: str, text: str, *, group: str | None = None, **kw: object) -> Said:
        return await self.send(self.incoming(user, text, group=group, **kw))  # type: ignore[arg-type]

    async def press(self, user: str, label: str) -> Said:
        """Press the button with this label on the last question the user was asked."""
        key = next(k for k, lab in self.last_choices[user] if lab == label)
        return await self.send(self.incoming(user, choice=key))

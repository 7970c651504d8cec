"""Drivers for the contract suite: one way per adapter to act as users and see what the bot
sent where. The stories (test_stories.py) are written once against `ChatDriver`.

A new adapter (Matrix) joins by adding a driver (here, or in its own module as Discord's
discord_driver.py) and its name to `conftest.DRIVERS`; stories that need a capability it
lacks are not collected for it.
"""

from __future__ import annotations

import io
import itertools
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from adapters.console import translate
from adapters.console.adapter import ConsoleAdapter
from adapters.console.translate import private_chat
from adapters.telegram.config import TelegramConfig
from bot.bootstrap import bootstrap
from bot.chat.messages import Chat, ChatKind, Destination, Incoming, Sender
from bot.clock import FixedClock
from bot.delivery.groups import GroupPoster, close_due_rounds
from bot.delivery.outbox import Deliverer, DeliverySettings
from bot.delivery.shaping import Limits
from bot.services.catalogue_import import import_catalogue
from bot.settings import Settings
from storage import open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from telegram import Update

    from adapters.telegram.adapter import TelegramAdapter
    from bot.bootstrap import Core
    from bot.chat.messages import Outgoing
    from bot.chat.router import Router
    from bot.delivery.channel import UnreachableNote
    from tests.fakes.telegram_api import TelegramApiServer
    from tests.fakes.telegram_model import FakeChat, FakeUser, SentMessage

EXAMPLE_CATALOGUE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"

# Capabilities a story may need.
REFUSES_PRIVATE = "refuses_private"  # a member may not be reachable in a private chat yet
REDELIVERS = "redelivers"  # the platform can hand the bot the same update twice
REACTS = "reacts"  # acknowledgements in a group are reactions on the member's message
# Personal answers to a group command are shown to the member alone, in the group itself
# (Discord's ephemeral messages); the group sees no acknowledgement.
EPHEMERAL_PRIVACY = "ephemeral_privacy"


@dataclass(frozen=True)
class Seen:
    """One message as a member sees it."""

    text: str
    buttons: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # URLs of buttons that open one
    document: tuple[str, bytes] | None = None  # (file name, content)
    mentions: tuple[str, ...] = ()  # the members it mentions (notified by their platform)
    quoting: str | None = None  # the text of the message it answers, when it quotes one


class ChatDriver(Protocol):
    name: str
    capabilities: frozenset[str]

    async def send(
        self, user: str, text: str, *, group: str | None = None, moderator: bool = False
    ) -> None:
        """`user` writes `text` in `group` (None: their private chat with the bot) and the
        bot has handled it when this returns."""

    async def send_image(
        self, user: str, content: bytes, *, filename: str = "foto.jpg", text: str = "/foto"
    ) -> None:
        """`user` sends an image privately with `text` (the platform's way: a caption, a
        slash command's file option, a path on the console, or the command just before)."""

    async def press(self, user: str, label: str) -> None:
        """`user` presses the newest button labelled `label` they can see."""

    def private(self, user: str) -> list[Seen]:
        """What the bot sent to `user`'s private chat, oldest first."""

    def group(self, name: str) -> list[Seen]: ...

    def reactions(self, name: str) -> list[tuple[str, str]]:
        """(text of the member's message, the bot's reaction on it) in group `name` (REACTS)."""

    async def refuse_private(self, user: str) -> None:
        """From now on the bot cannot start a private chat with `user` (REFUSES_PRIVATE)."""

    async def open_private(self, user: str, link: str) -> None:
        """`user` follows the deep link `link` (REFUSES_PRIVATE)."""

    async def redeliver_last(self, user: str) -> None:
        """The platform hands the bot `user`'s last message again (REDELIVERS)."""

    async def eventually(self, condition: Callable[[], bool], what: str) -> None: ...

    async def send_elsewhere(self, user: str, text: str) -> list[Seen]:
        """`user` writes `text` privately to the bot on a second platform (a console
        adapter on the same core; the console driver's second platform is another name);
        what the bot answered there."""

    async def tick(self) -> None:
        """Run the periodic jobs now, as the scheduler would: due reminders into the outbox
        and out to private chats, review rounds past their deadline closed, group posts."""

    def advance(self, seconds: float) -> None:
        """Move the bot's clock on (the drivers' clock moves only when told)."""

    async def close(self) -> None: ...


async def _eventually(condition: Callable[[], bool], what: str) -> None:
    """The console answers synchronously: what is not true now never will be."""
    assert condition(), what


def _core_settings(db: Path, url: str | None = None) -> Settings:
    return Settings(database_url=url or f"sqlite:///{db}", data_dir=db.parent)


# The drivers' clock: fixed, moved only by `advance`, so that no story sleeps.
START = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


async def _open_core(db: Path, url: str | None = None) -> Core:
    """A core on a fresh store (SQLite at `db`, or the empty database at `url`) with the
    example catalogue imported; `db`'s folder is its data directory."""
    store = await open_store(url or f"sqlite:///{db}")
    await import_catalogue(store, EXAMPLE_CATALOGUE.name, EXAMPLE_CATALOGUE.read_bytes(), START)
    return bootstrap(store, _core_settings(db, url), FixedClock(START))


def _advance(core: Core, seconds: float) -> None:
    clock = core.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock.now() + timedelta(seconds=seconds))


async def _send_elsewhere(
    core: Core, user: str, text: str, *, platform: str = translate.PLATFORM
) -> list[Seen]:
    """A private message on a second platform, handed to the same core: through a console
    adapter, or (for the console driver itself) as a second, opaque platform."""
    if platform == translate.PLATFORM:
        adapter = ConsoleAdapter(
            core.router, core.clock, user, Path("/nonexistent"), out=io.StringIO()
        )
        replies = await adapter.send_line(text)
    else:
        chat = Chat(platform, f"dm:{user}", ChatKind.PRIVATE, user)
        message = Incoming(
            uuid.uuid4().hex, chat, Sender(platform, user, user), core.clock.now(), text=text
        )
        replies = await core.router.handle(message)
    return [Seen(r.text.plain, tuple(c.label for c in r.choices)) for r in replies]


async def _close_due_rounds(core: Core) -> None:
    await close_due_rounds(core.store, core.clock, core.translator, "nl")


# --- console ---------------------------------------------------------------------------------


class _Recorder:
    """Stands in for the router: remembers each user's last message, to redeliver it."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.last: dict[str, Incoming] = {}

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        self.last[incoming.sender.id] = incoming
        return await self.router.handle(incoming)


@dataclass
class ConsoleDriver:
    """The console adapter, one instance per (user, chat), on one shared core."""

    core: Core
    export_dir: Path
    name: str = "console"
    platform: str = "console"
    capabilities: frozenset[str] = frozenset({REDELIVERS})
    _adapters: dict[tuple[str, str | None, bool], ConsoleAdapter] = field(default_factory=dict)
    _chats: dict[str, list[Seen]] = field(default_factory=dict)  # chat id -> messages
    _keys: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # chat -> buttons
    _last: dict[str, tuple[ConsoleAdapter, str]] = field(default_factory=dict)
    _recorder: _Recorder = field(init=False)

    def __post_init__(self) -> None:
        self._recorder = _Recorder(self.core.router)

    @classmethod
    async def open(cls, db: Path) -> ConsoleDriver:
        return cls(await _open_core(db), db.parent / "exports")

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        """The console's group posts, recorded like replies (a GroupChannel)."""
        document = (
            (message.attachment.filename, message.attachment.content)
            if message.attachment
            else None
        )
        seen = Seen(message.text.plain, tuple(c.label for c in message.choices), (), document)
        self._chats.setdefault(chat_id, []).append(seen)
        if message.choices:
            self._keys.setdefault(chat_id, []).append({c.label: c.key for c in message.choices})

    async def tick(self) -> None:
        await self.core.reminders.dispatch_due()
        deliverer = Deliverer(self.core.store, self.core.clock, self, self.core.translator)
        await deliverer.deliver_due()
        await _close_due_rounds(self.core)
        await GroupPoster(self.core.store, self.core.clock, self).post_due()

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        """The console's outbox deliveries, recorded in the user's private chat."""
        await self.send_group(private_chat(user_id).id, message)

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        raise AssertionError("a console user can always be reached")

    def _adapter(self, user: str, group: str | None, moderator: bool) -> ConsoleAdapter:
        key = (user, group, moderator)
        if key not in self._adapters:
            self._adapters[key] = ConsoleAdapter(
                self._recorder,  # type: ignore[arg-type]
                self.core.clock,
                user,
                self.export_dir,
                group=group,
                moderator=moderator,
                out=io.StringIO(),
            )
        return self._adapters[key]

    def _record(self, adapter: ConsoleAdapter, replies: list[Outgoing], chat_id: str) -> None:
        for reply in replies:
            private = reply.destination is Destination.PRIVATE
            target = private_chat(adapter.user).id if private else chat_id
            document = (
                (reply.attachment.filename, reply.attachment.content) if reply.attachment else None
            )
            seen = Seen(reply.text.plain, tuple(c.label for c in reply.choices), (), document)
            self._chats.setdefault(target, []).append(seen)
            if reply.choices:
                self._keys.setdefault(target, []).append(
                    {choice.label: choice.key for choice in reply.choices}
                )

    async def send(
        self, user: str, text: str, *, group: str | None = None, moderator: bool = False
    ) -> None:
        adapter = self._adapter(user, group, moderator)
        chat_id = f"group:{group}" if group else private_chat(user).id
        self._last[user] = (adapter, text)
        # Typed text that answers a private question goes to the private chat: the console
        # adapter decides, and reports the chat through the replies it returns.
        self._record(adapter, await adapter.send_line(text), chat_id)

    async def send_image(
        self, user: str, content: bytes, *, filename: str = "foto.jpg", text: str = "/foto"
    ) -> None:
        """The console sends a file as `/foto PATH`."""
        path = self.export_dir.parent / "uploads" / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        await self.send(user, f"{text} {path}")

    async def press(self, user: str, label: str) -> None:
        """A press on the newest button with this label in the user's private chat, else in
        a group (where anyone may press), handed to the core as the console would."""
        dm = private_chat(user).id
        groups = [chat for chat in self._keys if chat != dm and chat.startswith("group:")]
        for chat_id in [dm, *groups]:
            for keys in reversed(self._keys.get(chat_id, [])):
                if label in keys:
                    group = None if chat_id == dm else chat_id.removeprefix("group:")
                    adapter = self._adapter(user, group, False)
                    chat = translate.group_chat(group) if group else private_chat(user)
                    who = adapter._sender
                    message = translate.incoming(
                        chat, who, self.core.clock.now(), choice=keys[label]
                    )
                    replies = await self._recorder.handle(message)
                    self._record(adapter, replies, chat_id)
                    return
        raise AssertionError(f"{user} sees no button {label!r}")

    def private(self, user: str) -> list[Seen]:
        return self._chats.get(private_chat(user).id, [])

    def group(self, name: str) -> list[Seen]:
        return self._chats.get(f"group:{name}", [])

    def reactions(self, name: str) -> list[tuple[str, str]]:
        raise NotImplementedError("the console acknowledges in text")

    def advance(self, seconds: float) -> None:
        _advance(self.core, seconds)

    async def refuse_private(self, user: str) -> None:
        raise NotImplementedError("a console user can always be reached")

    async def open_private(self, user: str, link: str) -> None:
        raise NotImplementedError

    async def redeliver_last(self, user: str) -> None:
        # The console's redelivery: the very message (same id) handed to the core again.
        adapter, _ = self._last[user]
        message = self._recorder.last[user]
        self._record(adapter, await self.core.router.handle(message), message.chat.id)

    async def eventually(self, condition: Callable[[], bool], what: str) -> None:
        await _eventually(condition, what)

    async def send_elsewhere(self, user: str, text: str) -> list[Seen]:
        return await _send_elsewhere(self.core, user, text, platform="elders")

    async def close(self) -> None:
        await self.core.store.close()


# --- Telegram --------------------------------------------------------------------------------


@dataclass
class TelegramDriver:
    """The real python-telegram-bot Application in the Telegram adapter, against the
    loopback Bot API (tests/fakes)."""

    api: TelegramApiServer
    core: Core
    adapter: TelegramAdapter
    name: str = "telegram"
    capabilities: frozenset[str] = frozenset({REFUSES_PRIVATE, REDELIVERS, REACTS})
    _users: dict[str, FakeUser] = field(default_factory=dict)
    _groups: dict[str, FakeChat] = field(default_factory=dict)
    _admins: dict[str, set[str]] = field(default_factory=dict)
    _last_update: dict[str, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    # How often the bot has finished handling each update id, and how often it should have:
    # a count of all updates could be reached early by an update Telegram sent twice.
    _done: Counter[int] = field(default_factory=Counter)
    _expected: Counter[int] = field(default_factory=Counter)

    @classmethod
    async def open(cls, db: Path, api: TelegramApiServer) -> TelegramDriver:
        core = await _open_core(db)
        adapter = telegram_adapter(core, api)
        driver = cls(api, core, adapter)
        handle = adapter.updates.handle_update

        async def counted(update: Update) -> None:
            try:
                await handle(update)
            finally:
                driver._done[update.update_id] += 1

        adapter.updates.handle_update = counted  # type: ignore[method-assign]
        await adapter.start()
        return driver

    def user(self, name: str) -> FakeUser:
        if name not in self._users:
            self._users[name] = self.api.create_user(name, language_code="nl")
        return self._users[name]

    def chat(self, name: str) -> FakeChat:
        if name not in self._groups:
            self._groups[name] = self.api.create_group(name, supergroup=True)
        return self._groups[name]

    async def _settle(self, update_id: int) -> None:
        self._expected[update_id] += 1
        times = self._expected[update_id]
        await self.api.wait_until(
            lambda: self._done[update_id] >= times, what=f"the bot to handle update {update_id}"
        )

    async def send(
        self, user: str, text: str, *, group: str | None = None, moderator: bool = False
    ) -> None:
        who = self.user(user)
        chat = self.chat(group) if group else None
        if group is not None:
            admins = self._admins.setdefault(group, set())
            if moderator and user not in admins:
                admins.add(user)
            elif not moderator:
                admins.discard(user)
            self.api.set_administrators(
                self.chat(group), [self.user(name) for name in sorted(admins)]
            )
        self.api.user_sends(who, chat, text)
        self._last_update[user] = self.api.last_update_id
        await self._settle(self.api.last_update_id)

    async def send_image(
        self, user: str, content: bytes, *, filename: str = "foto.jpg", text: str = "/foto"
    ) -> None:
        """A photo in the private chat, `text` its caption."""
        self.api.user_sends_photo(self.user(user), None, content, caption=text or None)
        self._last_update[user] = self.api.last_update_id
        await self._settle(self.api.last_update_id)

    def _newest_with(self, user: str, label: str) -> SentMessage:
        who = self.user(user)
        chats = [self.api.private_chat(who), *self._groups.values()]
        for chat in chats:
            for message in reversed(self.api.sent(chat)):
                if any(text == label for text, _ in message.buttons):
                    return message
        raise AssertionError(f"{user} sees no button {label!r}")

    async def press(self, user: str, label: str) -> None:
        message = self._newest_with(user, label)
        data = next(data for text, data in message.buttons if text == label)
        assert data is not None
        self.api.user_presses(self.user(user), message, data)
        self._last_update[user] = self.api.last_update_id
        await self._settle(self.api.last_update_id)

    def _seen(self, message: SentMessage) -> Seen:
        rows = (message.reply_markup or {}).get("inline_keyboard", [])
        links = tuple(b["url"] for row in rows for b in row if "url" in b)
        file = message.document or message.photo
        mentioned = {e["user"]["id"] for e in message.entities if e["type"] == "text_mention"}
        quoted = next(
            (
                m.plain_text
                for m in self.api.messages.get(message.chat_id, [])
                if message.reply_to_message_id == m.message_id
            ),
            None,
        )
        return Seen(
            message.plain_text or "",
            tuple(text for text, data in message.buttons if data is not None),
            links,
            (file.filename or "", file.content) if file else None,
            tuple(name for name, u in self._users.items() if u.id in mentioned),
            quoted,
        )

    def private(self, user: str) -> list[Seen]:
        return [self._seen(m) for m in self.api.sent(self.api.private_chat(self.user(user)))]

    def group(self, name: str) -> list[Seen]:
        return [self._seen(m) for m in self.api.sent(self.chat(name))]

    def reactions(self, name: str) -> list[tuple[str, str]]:
        chat = self.chat(name)
        texts = {m.message_id: m.plain_text or "" for m in self.api.messages.get(chat.id, [])}
        return [
            (texts[message_id], emoji)
            for message_id, reactions in sorted(self.api.reactions_in(chat).items())
            for emoji in reactions
        ]

    def advance(self, seconds: float) -> None:
        _advance(self.core, seconds)

    async def refuse_private(self, user: str) -> None:
        self.api.forbid_private(self.user(user))

    async def open_private(self, user: str, link: str) -> None:
        # What a Telegram client does with t.me/<bot>?start=<payload>: open the chat and
        # send "/start <payload>".
        bot, _, payload = link.removeprefix("https://t.me/").partition("?start=")
        assert bot == self.adapter.username, link
        self.api.allow_private(self.user(user))
        await self.send(user, f"/start {payload}")

    async def redeliver_last(self, user: str) -> None:
        self.api.redeliver(self._last_update[user])
        await self._settle(self._last_update[user])

    async def eventually(self, condition: Callable[[], bool], what: str) -> None:
        await self.api.wait_until(condition, what=what)

    async def send_elsewhere(self, user: str, text: str) -> list[Seen]:
        return await _send_elsewhere(self.core, user, text)

    async def tick(self) -> None:
        await self.core.reminders.dispatch_due()
        await self.adapter.deliverer.deliver_due()
        await _close_due_rounds(self.core)
        await self.core.platforms.post_to_groups()

    async def close(self) -> None:
        await self.adapter.stop()
        await self.core.store.close()


def telegram_adapter(
    core: Core, api: TelegramApiServer, *, limits: Limits | None = None, **config: object
) -> TelegramAdapter:
    values: dict[str, object] = {
        "token": api.token,
        "api_url": api.base_url.removesuffix("/bot"),
        "poll_timeout": 1,
        "admin_cache_seconds": 0,
        **config,
    }
    settings = TelegramConfig(**values)  # type: ignore[arg-type]
    from adapters.telegram.adapter import TelegramAdapter  # the `telegram` extra

    return TelegramAdapter(
        core,
        settings,
        limits=limits or Limits.unlimited(),
        delivery=DeliverySettings(idle_poll_seconds=0.2),
    )

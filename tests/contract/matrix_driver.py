"""The contract suite's Matrix driver: the Matrix adapter (mautrix) against a real Synapse,
with every member a real client (tests/fakes/matrix_clients.py).

Members type commands the Matrix way (`!log …`; the stories' `/` becomes `!`), answer
choices with a reaction (1️⃣ 2️⃣ …), and talk to the bot in encrypted DM rooms they
create, as Element does. Groups are unencrypted rooms made by an owner who sets the power
levels: a story's moderator gets 50, everyone else 0.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mautrix.types import EventType, RoomID, UserID

from adapters.matrix.config import MatrixConfig
from adapters.matrix.render import matrix_to
from adapters.matrix.translate import KEYCAPS
from bot.delivery.outbox import DeliverySettings
from bot.delivery.shaping import Limits
from tests.contract.drivers import (
    REACTS,
    Seen,
    _advance,
    _close_due_rounds,
    _core_settings,
    _send_elsewhere,
)
from tests.contract.drivers import _open_core as open_core
from tests.fakes.matrix_clients import MemberClient, Received

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from adapters.matrix.adapter import MatrixAdapter
    from bot.bootstrap import Core
    from tests.fakes.synapse import Synapse

_WAIT = 30.0  # seconds: a bound on every wait (Synapse, sync round trips, encryption)


def matrix_adapter(
    core: Core, synapse: Synapse, db: Path, *, stop_grace_seconds: float = 10.0, **config: Any
) -> MatrixAdapter:
    from adapters.matrix.adapter import MatrixAdapter  # the `matrix` extra

    if "user_id" not in config:  # a new bot account; a restart passes the same one
        bot = synapse.register(f"portfoliobot_{secrets.token_hex(3)}")
        config = {"user_id": bot.user_id, "access_token": bot.access_token, **config}
    values: dict[str, Any] = {
        "homeserver": synapse.url,
        "store_dir": db.parent / "matrix",
        "decrypt_grace_seconds": 10.0,
        **config,
    }
    return MatrixAdapter(
        core,
        MatrixConfig(**values),
        _core_settings(db),
        limits=Limits.unlimited(),
        delivery=DeliverySettings(idle_poll_seconds=0.2),
        sync_timeout_ms=5_000,
        stop_grace_seconds=stop_grace_seconds,
    )


@dataclass
class MatrixDriver:
    synapse: Synapse
    core: Core
    adapter: MatrixAdapter
    name: str = "matrix"
    capabilities: frozenset[str] = frozenset({REACTS})
    _members: dict[str, MemberClient] = field(default_factory=dict)
    _dms: dict[str, RoomID] = field(default_factory=dict)
    _groups: dict[str, RoomID] = field(default_factory=dict)
    _owner: MemberClient | None = None
    _expected: int = 0

    @classmethod
    async def open(cls, db: Path, synapse: Synapse) -> MatrixDriver:
        core = await open_core(db)
        adapter = matrix_adapter(core, synapse, db)
        await adapter.start()
        assert adapter.sync is not None
        await asyncio.wait_for(adapter.sync.connected.wait(), _WAIT)
        return cls(synapse, core, adapter)

    @property
    def bot_id(self) -> str:
        return str(self.adapter.session.user_id)

    async def _member(self, name: str, *, encryption: bool = True) -> MemberClient:
        if name not in self._members:
            member = MemberClient(self.synapse.url, self.synapse.register(), encryption=encryption)
            await member.start()
            await member.client.set_displayname(name.capitalize())
            self._members[name] = member
        return self._members[name]

    async def _bot_joined(self, member: MemberClient, room_id: RoomID) -> None:
        for _ in _polls("the bot to join"):
            if UserID(self.bot_id) in await member.client.get_joined_members(room_id):
                return
            await asyncio.sleep(0.05)

    async def _dm(self, name: str) -> RoomID:
        if name not in self._dms:
            member = await self._member(name)
            mine = self._bot_dm(member)
            if mine is None:
                mine = await member.dm(self.bot_id, encrypted=True)
                await self._bot_joined(member, mine)
            self._dms[name] = mine
        return self._dms[name]

    def _bot_dm(self, member: MemberClient) -> RoomID | None:
        """A DM room the bot made for this member (a reminder came first), if any."""
        groups = set(self._groups.values())
        for message in member.messages:
            if message.sender == self.bot_id and message.room_id not in groups:
                return RoomID(message.room_id)
        return None

    async def _group(self, name: str) -> RoomID:
        if name not in self._groups:
            if self._owner is None:
                self._owner = await self._member("owner", encryption=False)
            room_id = await self._owner.client.create_room(
                name=name, invitees=[UserID(self.bot_id)]
            )
            await self._bot_joined(self._owner, room_id)
            self._groups[name] = room_id
        return self._groups[name]

    async def _in_group(self, member: MemberClient, room_id: RoomID, moderator: bool) -> None:
        assert self._owner is not None
        joined = await self._owner.client.get_joined_members(room_id)
        if member.client.mxid not in joined:
            await self._owner.client.invite_user(room_id, member.client.mxid)
            await asyncio.wait_for(member.joined(room_id), _WAIT)
        levels = await self._owner.client.get_state_event(room_id, EventType.ROOM_POWER_LEVELS)
        wanted = 50 if moderator else 0
        if levels.get_user_level(member.client.mxid) != wanted:  # type: ignore[union-attr]
            levels.set_user_level(member.client.mxid, wanted)  # type: ignore[union-attr]
            await self._owner.client.send_state_event(room_id, EventType.ROOM_POWER_LEVELS, levels)

    async def _settle(self) -> None:
        for _ in _polls("the bot to handle the message"):
            if self.adapter.processed >= self._expected:
                break
            await asyncio.sleep(0.02)
        # What the bot sent while handling it reaches the members' clients a sync later.
        await asyncio.sleep(0.3)

    async def send(
        self, user: str, text: str, *, group: str | None = None, moderator: bool = False
    ) -> None:
        member = await self._member(user)
        typed = "!" + text[1:] if text.startswith("/") else text
        if group is None:
            room_id = await self._dm(user)
        else:
            room_id = await self._group(group)
            await self._in_group(member, room_id, moderator)
        await member.say(room_id, typed)
        self._expected += 1
        await self._settle()

    async def send_image(
        self, user: str, content: bytes, *, filename: str = "foto.jpg", text: str = "/foto"
    ) -> None:
        """An `m.image` in the member's (encrypted) DM; Matrix images carry no command, so
        `/foto` is typed first and the image answers its question."""
        if text:
            await self.send(user, text)
        member = await self._member(user)
        await member.send_file(await self._dm(user), content, filename, "image/jpeg")
        self._expected += 1
        await self._settle()

    def _rooms_of(self, user: str) -> list[str]:
        member = self._members.get(user)
        if member is None:
            return []
        groups = set(self._groups.values())
        dms = {m.room_id for m in member.messages if m.room_id not in groups}
        return [*dms, *groups]

    async def press(self, user: str, label: str) -> None:
        """A reaction with the option's keycap on the newest message offering `label`: in
        the member's DM, else in a group (which the member then joins, to react there)."""
        member = await self._member(user)
        places = [
            (room, member) for room in self._rooms_of(user) if room not in self._groups.values()
        ]
        if self._owner is not None:
            places += [(room, self._owner) for room in self._groups.values()]
        for room_id, watcher in places:
            for message in reversed(self._from_bot(watcher, room_id)):
                labels = _labels(message)
                if label in labels:
                    if watcher is not member:
                        await self._in_group(member, RoomID(room_id), moderator=False)
                    await member.react(
                        RoomID(room_id), message.event_id, KEYCAPS[labels.index(label)]
                    )
                    self._expected += 1
                    await self._settle()
                    return
        raise AssertionError(f"{user} sees no option {label!r}")

    def _from_bot(self, member: MemberClient, room_id: str) -> list[Received]:
        return [m for m in member.messages if m.room_id == room_id and m.sender == self.bot_id]

    def _seen(self, message: Received, member: MemberClient) -> Seen:
        labels = _labels(message)
        body = message.body
        if labels:
            body = "\n".join(body.split("\n")[: -len(labels)])
        document = None
        if message.file is not None:
            filename = str(message.content.get("filename") or message.body)
            document = (filename, message.file)
            body = "" if body == filename else body  # else the body is the caption
        mentioned = (message.content.get("m.mentions") or {}).get("user_ids") or []
        names = tuple(name for name, m in self._members.items() if str(m.client.mxid) in mentioned)
        replied = (message.content.get("m.relates_to") or {}).get("m.in_reply_to") or {}
        quoting = None
        if replied.get("event_id"):
            quoting = next(
                (
                    _typed_back(m.sent[replied["event_id"]])
                    for m in self._members.values()
                    if replied["event_id"] in m.sent
                ),
                None,
            )
        links = (matrix_to(self.bot_id),) if matrix_to(self.bot_id) in body else ()
        return Seen(body, labels, links, document, names, quoting)

    def private(self, user: str) -> list[Seen]:
        member = self._members.get(user)
        if member is None:
            return []
        groups = set(self._groups.values())
        return [
            self._seen(m, member)
            for m in member.messages
            if m.sender == self.bot_id and m.room_id not in groups
        ]

    def group(self, name: str) -> list[Seen]:
        room_id = self._groups.get(name)
        watcher = self._owner
        if room_id is None or watcher is None:
            return []
        return [self._seen(m, watcher) for m in self._from_bot(watcher, room_id)]

    def reactions(self, name: str) -> list[tuple[str, str]]:
        room_id = self._groups.get(name)
        if room_id is None or self._owner is None:
            return []
        sent = {k: v for m in self._members.values() for k, v in m.sent.items()}
        return [
            (_typed_back(sent[event]), key)
            for room, event, key in self._owner.reactions
            if room == room_id and event in sent
        ]

    def advance(self, seconds: float) -> None:
        _advance(self.core, seconds)

    async def refuse_private(self, user: str) -> None:
        raise NotImplementedError("on Matrix the bot can always invite a member to a DM")

    async def open_private(self, user: str, link: str) -> None:
        raise NotImplementedError

    async def redeliver_last(self, user: str) -> None:
        raise NotImplementedError("a homeserver hands a client each event once per token")

    async def eventually(self, condition: Callable[[], bool], what: str) -> None:
        for _ in _polls(what):
            if condition():
                return
            await asyncio.sleep(0.05)

    async def send_elsewhere(self, user: str, text: str) -> list[Seen]:
        return await _send_elsewhere(self.core, user, text)

    async def tick(self) -> None:
        await self.core.reminders.dispatch_due()
        await self.adapter.deliverer.deliver_due()
        await _close_due_rounds(self.core)
        await self.core.platforms.post_to_groups()
        await asyncio.sleep(0.3)

    async def close(self) -> None:
        await self.adapter.stop()
        for member in self._members.values():
            await member.stop()
        await self.core.store.close()


def _polls(what: str) -> Iterator[int]:
    """Rounds of a bounded wait on a remote peer; AssertionError when time is up."""
    deadline = time.monotonic() + _WAIT
    for attempt in itertools.count():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {_WAIT:.0f} s in vain for {what}")
        yield attempt
    raise AssertionError("unreachable")


def _labels(message: Received) -> tuple[str, ...]:
    """The options of a bot message: its last lines that start with 1️⃣, 2️⃣, …"""
    lines = message.body.split("\n")
    labels: list[str] = []
    for line in reversed(lines):
        marker = next((k for k in KEYCAPS if line.startswith(k + " ")), None)
        if marker is None:
            break
        labels.append(line[len(marker) + 1 :])
    labels.reverse()
    if labels and not lines[len(lines) - len(labels)].startswith(KEYCAPS[0]):
        return ()
    return tuple(labels)


def _typed_back(text: str) -> str:
    """A member's command as the stories wrote it (`!log` was typed for `/log`)."""
    return "/" + text[1:] if text.startswith("!") else text

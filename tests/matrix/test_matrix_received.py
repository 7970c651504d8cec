"""Kept Matrix room events (adapters/matrix/received.py) on both stores, without a
homeserver: each room in order, rooms side by side, at most `concurrency` at once; what
was kept and not handled comes back first after a restart, in the order it was kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from adapters.matrix.received import Received
from adapters.matrix.translate import PLATFORM
from bot.clock import FixedClock

if TYPE_CHECKING:
    from bot.services.ports import Store

BOT = "@bot:localhost"


def _event(n: int, room: str) -> tuple[str, dict[str, Any]]:
    return room, {"event_id": f"$e{n}", "type": "m.room.message", "content": {"body": str(n)}}


class _Handler:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.running = 0
        self.most = 0
        self.gates: dict[str, asyncio.Event] = {}

    async def __call__(self, room_id: str, event: dict[str, Any]) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            gate = self.gates.get(event["event_id"])
            if gate is not None:
                await gate.wait()
            await asyncio.sleep(0.01)
            self.seen.append((room_id, event["content"]["body"]))
        finally:
            self.running -= 1


async def _until(condition: Any) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("waited in vain")


async def test_rooms_side_by_side_each_in_order_and_bounded(store: Store) -> None:
    handler = _Handler()
    received = Received(
        store, FixedClock(datetime(2026, 12, 1, tzinfo=UTC)), BOT, handler, concurrency=3
    )
    await received.recover()
    handler.gates["$e0"] = gate = asyncio.Event()  # room a's first event is slow
    events = [_event(n, f"!r{n % 6}") for n in range(1, 25)]
    events.insert(0, _event(0, "!a"))
    events.append(_event(99, "!a"))
    received.submit(await received.keep(events))
    await _until(lambda: len(handler.seen) == 24)
    assert ("!a", "99") not in handler.seen  # behind the slow one, in its room
    gate.set()
    await _until(lambda: len(handler.seen) == 26)
    assert handler.most == 3
    for room in {room for room, _ in handler.seen}:
        bodies = [int(body) for r, body in handler.seen if r == room]
        assert bodies == sorted(bodies)
    await received.stop(1.0)
    assert await store.run(lambda uow: uow.inbox.kept(PLATFORM)) == []


async def test_what_was_kept_and_not_handled_comes_back_first_in_order(store: Store) -> None:
    clock = FixedClock(datetime(2026, 12, 1, tzinfo=UTC))
    handler = _Handler()
    received = Received(store, clock, BOT, handler, concurrency=4)
    await received.recover()
    handler.gates["$e1"] = asyncio.Event()  # never set: the bot goes down meanwhile
    received.submit(await received.keep([_event(n, "!a") for n in range(1, 13)]))
    await asyncio.sleep(0.1)
    await received.stop(0.1)
    assert handler.seen == []
    # The same batch again (its token was not stored) is kept once.
    again = Received(store, clock, BOT, handler := _Handler(), concurrency=4)
    assert await again.recover() == 12
    assert await again.keep([_event(n, "!a") for n in range(1, 13)]) == []
    received_later = await again.keep([_event(13, "!a")])
    again.submit(received_later)
    await _until(lambda: len(handler.seen) == 13)
    assert [int(body) for _, body in handler.seen] == list(range(1, 14))
    await again.stop(1.0)
    assert await store.run(lambda uow: uow.inbox.kept(PLATFORM)) == []
    # Another bot account's kept events are not this one's.
    await store.run(lambda uow: uow.inbox.keep(PLATFORM, [("@other:x/$z", {})], clock.now()))
    other = Received(store, clock, BOT, _Handler(), concurrency=1)
    assert await other.recover() == 0
    await other.stop(1.0)

"""Room events received: kept in the store first, then handled per room in order, rooms
side by side, at most `concurrency` events at once.

The sync loop keeps each batch's (decrypted) events in the store's inbox (`keep`) before
it stores the batch's token and syncs again; then they join their room's queue here
(`submit`) and the next sync starts at once. One member's slow handling therefore holds
up only their own room. Each event is forgotten (`inbox.forget`) once handled; after a
crash the ones still kept are handed over again at start (`recover`), before anything
new. Handled twice that way (or kept twice, when a batch came again because its token
was not stored), an event has no second effect: its key is its event id, and the core
claims each event id in the transaction of its effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.matrix.translate import PLATFORM

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from bot.clock import Clock
    from bot.services.ports import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    key: str
    room_id: str
    event: dict[str, Any]


class Received:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        bot_id: str,
        handle: Callable[[str, dict[str, Any]], Awaitable[None]],
        *,
        concurrency: int,
    ) -> None:
        self._store = store
        self._clock = clock
        self._prefix = f"{bot_id}/"  # one store may serve several bot accounts
        self._handle = handle
        self._slots = asyncio.Semaphore(concurrency)
        self._seq = 0  # the order of keeping, across batches and restarts
        self._queues: dict[str, deque[Kept]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._open: set[str] = set()  # kept and handed over, not handled yet
        self._handled: list[str] = []  # handled, still to be forgotten
        self._wake = asyncio.Event()
        self._forgetting: asyncio.Task[None] | None = None

    async def recover(self) -> int:
        """Hand over what was kept before and not handled (a crash); start forgetting."""
        kept = await self._store.run(lambda uow: uow.inbox.kept(PLATFORM))
        left = sorted(
            (
                (int(payload.get("seq", 0)), Kept(key, str(payload["room_id"]), payload["event"]))
                for key, payload in kept
                if key.startswith(self._prefix)
            ),
            key=lambda pair: pair[0],
        )
        if left:
            self._seq = left[-1][0]
            log.info("Matrix: %s events kept from before are handled first", len(left))
            self.submit([event for _, event in left])
        self._forgetting = asyncio.create_task(self._forget(), name="matrix-forget")
        return len(left)

    async def keep(self, events: Sequence[tuple[str, dict[str, Any]]]) -> list[Kept]:
        """Store `events` (room id, event) durably; what to `submit` once the token moved."""
        kept: list[Kept] = []
        rows: list[tuple[str, dict[str, Any]]] = []
        for room_id, event in events:
            key = self._prefix + str(event["event_id"])
            if key in self._open:
                continue  # the batch came again; this one waits in its queue already
            self._seq += 1
            kept.append(Kept(key, room_id, event))
            rows.append((key, {"seq": self._seq, "room_id": room_id, "event": event}))
        if rows:
            now = self._clock.now()
            await self._store.run(lambda uow: uow.inbox.keep(PLATFORM, rows, now))
        return kept

    def submit(self, kept: Sequence[Kept]) -> None:
        """Queue `kept` per room and return; each room's events are handled in order."""
        for item in kept:
            self._open.add(item.key)
            self._queues.setdefault(item.room_id, deque()).append(item)
            if item.room_id not in self._workers:
                self._workers[item.room_id] = asyncio.create_task(
                    self._work(item.room_id), name=f"matrix-room-{item.room_id}"
                )

    async def _work(self, room_id: str) -> None:
        queue = self._queues[room_id]
        try:
            while queue:
                item = queue[0]
                async with self._slots:
                    try:
                        await self._handle(item.room_id, item.event)
                    except Exception:
                        log.exception("Matrix: an event could not be handled")
                queue.popleft()
                self._open.discard(item.key)
                self._handled.append(item.key)
                self._wake.set()
        finally:
            # No await between the empty queue and here: nothing can slip in unseen.
            del self._workers[room_id]
            if not queue:
                del self._queues[room_id]

    async def stop(self, grace: float) -> None:
        """Let handling finish for up to `grace` seconds; what is left stays kept (handled
        at the next start). Then forget what was handled."""
        workers = list(self._workers.values())
        if workers:
            _, pending = await asyncio.wait(workers, timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            if pending:
                log.warning(
                    "Matrix: %s rooms were still busy; handled at the next start", len(pending)
                )
        if self._forgetting is not None:
            self._forgetting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._forgetting
            self._forgetting = None
        with contextlib.suppress(Exception):
            await self._forget_handled()

    @property
    def busy(self) -> int:
        """Events kept and not handled yet (tests, benchmark)."""
        return len(self._open)

    async def _forget(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self._forget_handled()
            except Exception:
                log.warning("Matrix: could not forget handled events; later again", exc_info=True)
                await asyncio.sleep(1.0)

    async def _forget_handled(self) -> None:
        handled, self._handled = self._handled, []
        if handled:
            try:
                await self._store.run(lambda uow: uow.inbox.forget(PLATFORM, handled))
            except BaseException:
                self._handled = handled + self._handled  # forgotten next time
                raise

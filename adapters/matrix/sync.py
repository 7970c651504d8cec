"""The sync loop: what arrives from the homeserver, kept before its token is stored.

mautrix's own loop stores `next_batch` before the batch is handled; this one first
processes the batch's to-device events (room keys: the server drops those once the next
token is used), room state and invites, decrypts the room events it can (room keys of
the same batch included), keeps them in the store's inbox (received.py), and only then
stores the token and hands the kept events over — to be handled per room in order,
rooms side by side — while the next sync starts at once. So a restart neither skips nor
replays a batch, and nobody waits for another member's events to be handled. The first
sync of a fresh store handles invites but no timeline: that is history from before the
bot ran. Lost connections and `M_LIMIT_EXCEEDED` are retried with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any, cast

from mautrix.errors import MatrixRequestError, MUnknownToken
from mautrix.types import EventType, StateEvent, ToDeviceEvent

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from mautrix.types import JSON

    from adapters.matrix.received import Received
    from adapters.matrix.session import Session

log = logging.getLogger(__name__)

_MAX_BACKOFF = 60.0


class SyncLoop:
    def __init__(
        self,
        session: Session,
        on_room: Callable[[str, list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]],
        on_invite: Callable[[str, list[dict[str, Any]]], Awaitable[None]],
        received: Received,
        *,
        timeout_ms: int = 30_000,
    ) -> None:
        self._session = session
        self._on_room = on_room
        self._on_invite = on_invite
        self._received = received
        self._timeout_ms = timeout_ms
        self._task: asyncio.Task[None] | None = None
        self.batches = 0  # batches kept (tests)
        self.reconnects = 0
        self.connected = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="matrix-sync")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        store = self._session.crypto_store
        token = await store.get_next_batch()
        backoff = 1.0
        while True:
            try:
                data = await self._session.client.sync(since=token, timeout=self._timeout_ms)
            except MUnknownToken:
                log.error("Matrix: the access token was refused; syncing stops")
                raise
            except (TimeoutError, MatrixRequestError, OSError) as error:
                wait = _retry_after(error) or backoff
                log.warning(
                    "Matrix: sync failed (%s); again in %.0f s", type(error).__name__, wait
                )
                self.reconnects += 1
                self.connected.clear()
                await asyncio.sleep(wait)
                backoff = min(backoff * 2, _MAX_BACKOFF)
                continue
            self.connected.set()
            try:
                kept = await self._received.keep(await self.handle(data, first=token is None))
            except Exception:
                # Not kept, so the token stays: the same batch comes again.
                log.warning(
                    "Matrix: a batch could not be kept; again in %.0f s", backoff, exc_info=True
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF)
                continue
            backoff = 1.0
            token = data.get("next_batch") or token
            await store.put_next_batch(token)
            self._received.submit(kept)
            self.batches += 1

    async def handle(
        self, data: dict[str, Any], *, first: bool
    ) -> list[tuple[str, dict[str, Any]]]:
        """Process the batch up to its room events; those to keep, with their room ids:
        what `on_room` made of each room's new timeline (decrypted where it could)."""
        client = self._session.client
        # The client's own bookkeeping: one-time-key counts, device lists, room state.
        await asyncio.gather(*client.handle_sync(cast("JSON", data)))
        for raw in data.get("to_device", {}).get("events", []):
            await self._to_device(raw)
        rooms = data.get("rooms", {})
        for room_id, room in rooms.get("join", {}).items():
            for raw in [*room.get("state", {}).get("events", []), *_state_of(room)]:
                await self._update_state(room_id, raw)
        for room_id, room in rooms.get("invite", {}).items():
            await self._on_invite(room_id, room.get("invite_state", {}).get("events", []))
        if first:
            return []
        received: list[tuple[str, dict[str, Any]]] = []
        for room_id, room in rooms.get("join", {}).items():
            events = _after_own_join(room.get("timeline", {}).get("events", []), client.mxid)
            if events:
                received += [(room_id, event) for event in await self._on_room(room_id, events)]
        return received

    async def _to_device(self, raw: dict[str, Any]) -> None:
        if raw.get("type") != "m.room.encrypted":
            return
        event = ToDeviceEvent.deserialize(cast("JSON", raw))
        event.type = event.type.with_class(EventType.Class.TO_DEVICE)
        try:
            await self._session.crypto.handle_to_device_event(event)
        except Exception:
            log.warning("Matrix: a to-device event could not be handled", exc_info=True)

    async def _update_state(self, room_id: str, raw: dict[str, Any]) -> None:
        try:
            event = StateEvent.deserialize(cast("JSON", {**raw, "room_id": room_id}))
            event.type = event.type.with_class(EventType.Class.STATE)
            await self._session.state_store.update_state(event)
        except Exception:
            log.debug("Matrix: state event %s skipped", raw.get("type"), exc_info=True)


def _state_of(room: dict[str, Any]) -> list[dict[str, Any]]:
    return [raw for raw in room.get("timeline", {}).get("events", []) if "state_key" in raw]


def _after_own_join(events: list[dict[str, Any]], me: str) -> list[dict[str, Any]]:
    """A timeline that contains the bot's own join starts after it: what came before the
    bot joined is not for it."""
    for index in range(len(events) - 1, -1, -1):
        raw = events[index]
        if (
            raw.get("type") == "m.room.member"
            and raw.get("state_key") == me
            and (raw.get("content") or {}).get("membership") == "join"
        ):
            return events[index + 1 :]
    return events


def _retry_after(error: BaseException) -> float | None:
    if isinstance(error, MatrixRequestError) and error.errcode == "M_LIMIT_EXCEEDED":
        retry_ms = getattr(error, "retry_after_ms", None)
        if retry_ms:
            return float(retry_ms) / 1000
    return None

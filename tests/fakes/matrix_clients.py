"""Matrix clients for tests: a member's client (mautrix) with optional end-to-end encryption.

The member side of the Matrix tests is a real client library talking to the real Synapse
of tests/fakes/synapse.py, so encrypted DMs are exercised the way Element would: Olm
sessions, Megolm room keys sent as to-device events, and cross-signing keys published to
the homeserver.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from mautrix.client import Client
from mautrix.client.state_store.memory import MemoryStateStore
from mautrix.crypto import OlmMachine
from mautrix.crypto.store.abstract import StateStore as CryptoStateStore
from mautrix.crypto.store.memory import MemoryCryptoStore
from mautrix.types import (
    EventType,
    Membership,
    MessageEvent,
    RoomCreatePreset,
    RoomID,
    StrippedStateEvent,
    TrustState,
    UserID,
)

if TYPE_CHECKING:
    from tests.fakes.synapse import MatrixUser


class MemoryCryptoStateStore(MemoryStateStore, CryptoStateStore):
    """The client's room state, answering what the Olm machine asks of it."""

    async def find_shared_rooms(self, user_id: UserID) -> list[RoomID]:
        return [
            room_id
            for room_id, members in self.members.items()
            if user_id in members and members[user_id].membership == Membership.JOIN
        ]


class MemberClient:
    """One member's logged-in device: sends, receives, joins on invite."""

    def __init__(self, base_url: str, user: MatrixUser, *, encryption: bool) -> None:
        self.user = user
        self.state = MemoryCryptoStateStore()
        self.client = Client(
            mxid=UserID(user.user_id),
            device_id=user.device_id,
            base_url=base_url,
            token=user.access_token,
            state_store=self.state,
            sync_store=None,
        )
        self.crypto: OlmMachine | None = None
        if encryption:
            store = MemoryCryptoStore(user.user_id, secrets.token_hex(8))
            self.crypto = OlmMachine(self.client, store, self.state)
            # A test member trusts whatever device it meets (Element asks the person).
            self.crypto.share_keys_min_trust = TrustState.UNVERIFIED
            self.crypto.send_keys_min_trust = TrustState.UNVERIFIED
            self.client.crypto = self.crypto
        self.messages: list[MessageEvent] = []
        self.rooms: set[RoomID] = set()
        self._arrived = asyncio.Condition()
        self.client.add_event_handler(EventType.ROOM_MESSAGE, self._on_message)
        self.client.add_event_handler(EventType.ROOM_MEMBER, self._on_invite)

    async def _on_message(self, event: MessageEvent) -> None:
        if event.sender == self.client.mxid:
            return
        async with self._arrived:
            self.messages.append(event)
            self._arrived.notify_all()

    async def _on_invite(self, event: StrippedStateEvent) -> None:
        if event.state_key == self.client.mxid and event.content.membership == Membership.INVITE:
            await self.client.join_room(event.room_id)
            async with self._arrived:
                self.rooms.add(event.room_id)
                self._arrived.notify_all()

    async def start(self) -> None:
        if self.crypto is not None:
            await self.crypto.crypto_store.put_device_id(self.client.device_id)
            await self.crypto.load()
            await self.crypto.share_keys()
        self.client.start(None)

    async def stop(self) -> None:
        self.client.stop()
        await self.client.api.session.close()

    async def wait_for(self, matches: Callable[[MessageEvent], bool]) -> MessageEvent:
        """The first message that `matches`, waiting for it (callers bound the wait)."""
        async with self._arrived:
            while True:
                for event in self.messages:
                    if matches(event):
                        return event
                await self._arrived.wait()

    async def joined(self, room_id: RoomID) -> None:
        """Until this member has joined `room_id` on an invite (callers bound the wait)."""
        async with self._arrived:
            await self._arrived.wait_for(lambda: room_id in self.rooms)

    async def dm(self, other: str, *, encrypted: bool) -> RoomID:
        """A direct-message room with `other`, as Element creates one."""
        initial_state: list[dict[str, Any]] = []
        if encrypted:
            initial_state.append(
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            )
        room_id = await self.client.create_room(
            invitees=[UserID(other)],
            is_direct=True,
            preset=RoomCreatePreset.TRUSTED_PRIVATE,
            initial_state=initial_state,
        )
        return room_id


@asynccontextmanager
async def running(
    base_url: str, user: MatrixUser, *, encryption: bool
) -> AsyncIterator[MemberClient]:
    member = MemberClient(base_url, user, encryption=encryption)
    await member.start()
    try:
        yield member
    finally:
        await member.stop()

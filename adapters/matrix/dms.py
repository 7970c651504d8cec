"""Each member's direct-message room with the bot: created once with `is_direct`,
recorded in the bot's `m.direct` account data, and reused afterwards — also when the
member created it and invited the bot."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, cast

from mautrix.errors import MatrixRequestError
from mautrix.types import (
    EncryptionAlgorithm,
    EventType,
    Member,
    Membership,
    MemberStateEventContent,
    RoomCreatePreset,
    RoomEncryptionStateEventContent,
    RoomID,
    UserID,
)

from bot.delivery.channel import Unreachable

if TYPE_CHECKING:
    from mautrix.client import Client

log = logging.getLogger(__name__)


class DirectRooms:
    def __init__(self, client: Client, *, encrypt_new: bool = True) -> None:
        self._client = client
        self._encrypt_new = encrypt_new
        self._by_user: dict[str, str] = {}
        self._lock = asyncio.Lock()

    async def load(self) -> None:
        """Read `m.direct` (the bot's own record of its DM rooms)."""
        try:
            data = cast("dict[str, Any]", await self._client.get_account_data(EventType.DIRECT))
        except MatrixRequestError:
            data = {}
        for user, rooms in (data or {}).items():
            if rooms:
                self._by_user[str(user)] = str(rooms[-1])

    def is_direct(self, room_id: str) -> bool:
        return room_id in self._by_user.values()

    def member_of(self, room_id: str) -> str | None:
        for user, room in self._by_user.items():
            if room == room_id:
                return user
        return None

    async def remember(self, user_id: str, room_id: str) -> None:
        """Record `room_id` as the DM room with `user_id` (in `m.direct` too)."""
        async with self._lock:
            if self._by_user.get(user_id) == room_id:
                return
            self._by_user[user_id] = room_id
            content = {UserID(user): [RoomID(room)] for user, room in self._by_user.items()}
            await self._client.set_account_data(EventType.DIRECT, content)

    async def room_for(self, user_id: str) -> str:
        known = self._by_user.get(user_id)
        if known is not None:
            return known
        try:
            initial_state = []
            if self._encrypt_new:
                initial_state.append(
                    {
                        "type": "m.room.encryption",
                        "state_key": "",
                        "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                    }
                )
            room_id: RoomID = await self._client.create_room(
                invitees=[UserID(user_id)],
                is_direct=True,
                preset=RoomCreatePreset.TRUSTED_PRIVATE,
                initial_state=initial_state,
            )
        except MatrixRequestError as error:
            # An unknown user, or a server that refuses the invite: no private chat.
            raise Unreachable(user_id) from error
        await self._record_state(room_id, user_id)
        await self.remember(user_id, room_id)
        return room_id

    async def _record_state(self, room_id: RoomID, user_id: str) -> None:
        """What the room's first sync would say, known now: the first message is sent before
        it arrives, and its room key must reach the invited member's devices."""
        state = self._client.state_store
        if state is None:
            return
        members: dict[UserID, Member | MemberStateEventContent] = {
            self._client.mxid: Member(membership=Membership.JOIN),
            UserID(user_id): Member(membership=Membership.INVITE),
        }
        await state.set_members(room_id, members)
        if self._encrypt_new:
            await state.set_encryption_info(
                room_id, RoomEncryptionStateEventContent(EncryptionAlgorithm.MEGOLM_V1)
            )

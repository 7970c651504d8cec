"""Matrix clients for tests: a member's client (mautrix) with optional end-to-end encryption.

The member side of the Matrix tests is a real client library talking to the real Synapse
of tests/fakes/synapse.py, so encrypted DMs are exercised the way Element would: Olm
sessions, Megolm room keys sent as to-device events, and cross-signing keys published to
the homeserver. The client joins every room it is invited to and records what others
sent: messages (files downloaded and, in encrypted rooms, decrypted) and reactions.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mautrix.client import Client
from mautrix.client.state_store.memory import MemoryStateStore
from mautrix.crypto import OlmMachine
from mautrix.crypto.attachments import decrypt_attachment, encrypt_attachment
from mautrix.crypto.store.abstract import StateStore as CryptoStateStore
from mautrix.crypto.store.asyncpg import PgCryptoStore
from mautrix.types import (
    EventType,
    Membership,
    MessageEvent,
    ReactionEvent,
    RoomCreatePreset,
    RoomID,
    StrippedStateEvent,
    TrustState,
    UserID,
)
from mautrix.util.async_db import Database

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


@dataclass(frozen=True)
class Received:
    """A message as the member's client shows it."""

    event_id: str
    room_id: str
    sender: str
    content: dict[str, Any]
    file: bytes | None = None

    @property
    def body(self) -> str:
        return str(self.content.get("body") or "")


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
        self._db: Database | None = None
        if encryption:
            # mautrix's SQL crypto store on an in-memory SQLite (its memory store cannot
            # take a changed cross-signing key).
            self._db = Database.create(
                "sqlite::memory:", upgrade_table=PgCryptoStore.upgrade_table
            )
            store = PgCryptoStore(user.user_id, secrets.token_hex(8), self._db)
            self.crypto = OlmMachine(self.client, store, self.state)
            # A test member trusts whatever device it meets (Element asks the person).
            self.crypto.share_keys_min_trust = TrustState.UNVERIFIED
            self.crypto.send_keys_min_trust = TrustState.UNVERIFIED
            self.client.crypto = self.crypto
        self.messages: list[Received] = []
        self.reactions: list[tuple[str, str, str]] = []  # (room, event reacted to, key)
        self.sent: dict[str, str] = {}  # event id -> body, of this member's own messages
        self.rooms: set[RoomID] = set()
        self._arrived = asyncio.Condition()
        self.client.add_event_handler(EventType.ROOM_MESSAGE, self._on_message)
        self.client.add_event_handler(EventType.REACTION, self._on_reaction)
        self.client.add_event_handler(EventType.ROOM_MEMBER, self._on_invite)

    async def _on_message(self, event: MessageEvent) -> None:
        if event.sender == self.client.mxid:
            return
        content = event.content.serialize()
        file = await self._download(content)
        async with self._arrived:
            received = Received(event.event_id, event.room_id, event.sender, content, file)
            self.messages.append(received)
            self._arrived.notify_all()

    async def _download(self, content: dict[str, Any]) -> bytes | None:
        if content.get("msgtype") not in ("m.file", "m.image"):
            return None
        encrypted = content.get("file")
        if encrypted:
            data = await self.client.download_media(encrypted["url"])
            return decrypt_attachment(
                data, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"]
            )
        return await self.client.download_media(content["url"])

    async def _on_reaction(self, event: ReactionEvent) -> None:
        if event.sender == self.client.mxid:
            return
        relates = event.content.relates_to
        async with self._arrived:
            self.reactions.append((event.room_id, relates.event_id, relates.key))
            self._arrived.notify_all()

    async def _on_invite(self, event: StrippedStateEvent) -> None:
        if event.state_key == self.client.mxid and event.content.membership == Membership.INVITE:
            await self.client.join_room(event.room_id)
            async with self._arrived:
                self.rooms.add(event.room_id)
                self._arrived.notify_all()

    async def start(self) -> None:
        if self._db is not None:
            await self._db.start()
        if self.crypto is not None:
            await self.crypto.crypto_store.put_device_id(self.client.device_id)
            await self.crypto.load()
            await self.crypto.share_keys()
        self.client.start(None)

    async def stop(self) -> None:
        self.client.stop()
        await self.client.api.session.close()
        if self._db is not None:
            await self._db.stop()

    async def wait_for(self, matches: Callable[[Received], bool]) -> Received:
        """The first message that `matches`, waiting for it (callers bound the wait)."""
        async with self._arrived:
            while True:
                for event in self.messages:
                    if matches(event):
                        return event
                await self._arrived.wait()

    async def until(self, condition: Callable[[], bool]) -> None:
        """Until `condition` holds after something arrived (callers bound the wait)."""
        async with self._arrived:
            await self._arrived.wait_for(condition)

    async def joined(self, room_id: RoomID) -> None:
        """Until this member has joined `room_id` on an invite (callers bound the wait)."""
        await self.until(lambda: room_id in self.rooms)

    async def say(
        self,
        room_id: RoomID,
        text: str,
        *,
        reply_to: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """`extra`: more content, e.g. a formatted body with a pill and `m.mentions`."""
        content: dict[str, Any] = {"msgtype": "m.text", "body": text, **(extra or {})}
        if reply_to:
            content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
        event_id = await self.client.send_message_event(room_id, EventType.ROOM_MESSAGE, content)
        self.sent[str(event_id)] = text
        return str(event_id)

    async def send_file(self, room_id: RoomID, data: bytes, filename: str, mimetype: str) -> str:
        """An `m.image` (or `m.file`) as Element sends it: in an encrypted room the bytes
        are encrypted before upload and the key travels in the (encrypted) event."""
        content: dict[str, Any] = {
            "msgtype": "m.image" if mimetype.startswith("image/") else "m.file",
            "body": filename,
            "info": {"mimetype": mimetype, "size": len(data)},
        }
        if await self.state.is_encrypted(room_id):
            ciphertext, secret = encrypt_attachment(data)
            secret.url = await self.client.upload_media(
                ciphertext, mime_type="application/octet-stream"
            )
            content["file"] = secret.serialize()
        else:
            content["url"] = await self.client.upload_media(
                data, mime_type=mimetype, filename=filename
            )
        event_id = await self.client.send_message_event(room_id, EventType.ROOM_MESSAGE, content)
        self.sent[str(event_id)] = filename
        return str(event_id)

    async def set_avatar(self, data: bytes, mimetype: str = "image/png") -> None:
        """The member's profile picture: uploaded, then set as their avatar_url."""
        url = await self.client.upload_media(data, mime_type=mimetype, filename="avatar")
        await self.client.set_avatar_url(url)

    async def react(self, room_id: RoomID, event_id: str, key: str) -> None:
        await self.client.react(room_id, event_id, key)  # type: ignore[arg-type]

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
        self.rooms.add(room_id)
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

"""The Matrix adapter: wires one bot account's parts and runs them in the one event loop.

- session.py: login, the stores that survive restarts, encryption, cross-signing;
- sync.py: the sync loop (token stored only after a batch was kept in the store's inbox);
- received.py: kept room events handled per room in order, rooms side by side, bounded;
- translate.py: room events -> neutral events (a table); `!` commands, numbered answers
  and reactions as choices;
- sending.py / render.py / dms.py: neutral messages -> Matrix (the core's
  `ReplyChannel`), each member's DM room, paced by the shaper with Matrix's limits.

What is the same on every platform — parking replies for an unreachable private chat,
delivering the outbox, group posts — is the core's (bot.delivery); the adapter attaches
to it when it starts. Encrypted messages whose room key has not arrived yet wait for it
(`PORTFOLIOBOT_MATRIX_DECRYPT_GRACE_SECONDS`) while syncing goes on, then are handled, or
answered with a note that they could not be read.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from typing import TYPE_CHECKING, Any, cast

from mautrix.client.encryption_manager import DecryptionDispatcher
from mautrix.errors import DecryptionError, MatrixRequestError, SessionNotFound
from mautrix.types import (
    EncryptedEvent,
    EventID,
    EventType,
    PowerLevelStateEventContent,
    RoomID,
    UserID,
)

from adapters.matrix.dms import DirectRooms
from adapters.matrix.files import avatar_of, download, is_file
from adapters.matrix.received import Received
from adapters.matrix.sending import Sending
from adapters.matrix.session import open_session
from adapters.matrix.sync import SyncLoop
from adapters.matrix.translate import PLATFORM, RoomContext, replied_event, translate
from bot.chat.messages import Mention, Outgoing, Text
from bot.delivery.replies import Replies
from bot.delivery.shaping import Bucket, Limits, Shaper
from bot.i18n.text import Span

if TYPE_CHECKING:
    from mautrix.types import JSON

    from adapters.matrix.config import MatrixConfig
    from adapters.matrix.session import Session
    from bot.bootstrap import Core
    from bot.chat.messages import Incoming
    from bot.delivery.channel import UnreachableNote
    from bot.delivery.outbox import Deliverer, DeliverySettings
    from bot.delivery.platforms import Attached
    from bot.settings import Settings

log = logging.getLogger(__name__)

# Synapse's defaults: rc_message 0.2/s with a burst of 10 per user. The bot is one user.
MATRIX_LIMITS = Limits(
    overall=Bucket(rate=0.2 * 5, burst=10),
    private_chat=Bucket(rate=1.0, burst=3),
    group_chat=Bucket(rate=0.5, burst=5),
)


class MatrixAdapter:
    """One bot account. Implements the runtime's Adapter and the core's ReplyChannel."""

    name = "matrix"
    platform = PLATFORM

    def __init__(
        self,
        core: Core,
        config: MatrixConfig,
        settings: Settings,
        *,
        limits: Limits | None = None,
        delivery: DeliverySettings | None = None,
        sync_timeout_ms: int = 30_000,
        stop_grace_seconds: float = 10.0,
    ) -> None:
        if not config.enabled:
            raise ValueError("Matrix is not configured")
        self.core = core
        self.config = config
        self.settings = settings
        self.shaper = Shaper(limits or MATRIX_LIMITS)
        self._delivery = delivery
        self._sync_timeout_ms = sync_timeout_ms
        self._stop_grace = stop_grace_seconds
        self._session: Session | None = None
        self._attached: Attached | None = None
        self._replies: Replies | None = None
        self._late: set[asyncio.Task[None]] = set()
        self.dms: DirectRooms | None = None
        self.sending: Sending | None = None
        self.sync: SyncLoop | None = None
        self.received: Received | None = None
        self.handled = 0  # messages and reactions of members handed to the core
        self.processed = 0  # room events of others done with, whatever they were (tests)

    @property
    def deliverer(self) -> Deliverer:
        """This platform's outbox deliverer (while started)."""
        assert self._attached is not None, "the adapter is not started"
        return self._attached.deliverer

    @property
    def session(self) -> Session:
        assert self._session is not None, "the adapter is not started"
        return self._session

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        directory = self.config.store_dir or self.settings.data_dir / "matrix"
        self._session = session = await open_session(self.config, directory)
        client = session.client
        # Decryption and to-device handling are the sync loop's, awaited before the token
        # moves on (mautrix would run them in the background).
        client.remove_dispatcher(DecryptionDispatcher)
        client.remove_event_handler(
            EventType.TO_DEVICE_ENCRYPTED, session.crypto.handle_to_device_event
        )
        self.dms = DirectRooms(client)
        await self.dms.load()
        self.sending = Sending(client, self.dms, self.shaper)
        self._attached = attached = self.core.platforms.attach(self, self._delivery)
        self._replies = Replies(
            self.core.router,
            self.core.store,
            self.core.clock,
            self.core.translator,
            self,
            attached.deliverer,
        )
        self.received = received = Received(
            self.core.store,
            self.core.clock,
            str(client.mxid),
            self._handle_kept,
            concurrency=self.config.concurrency,
        )
        await received.recover()  # what a crash left unhandled comes first
        self.sync = SyncLoop(
            session, self._room, self._invite, received, timeout_ms=self._sync_timeout_ms
        )
        self.sync.start()
        log.info("Matrix: %s (device %s) started", client.mxid, client.device_id)

    async def stop(self) -> None:
        if self.sync is not None:
            await self.sync.stop()
        if self.received is not None:
            await self.received.stop(self._stop_grace)
        for task in list(self._late):
            task.cancel()
        await asyncio.gather(*self._late, return_exceptions=True)
        await self.core.platforms.detach(PLATFORM)
        if self._session is not None:
            await self._session.close()
            self._session = None

    # --- incoming ------------------------------------------------------------------------------

    async def _invite(self, room_id: str, invite_state: list[dict[str, Any]]) -> None:
        me = self.session.client.mxid
        mine = next(
            (
                raw
                for raw in invite_state
                if raw.get("type") == "m.room.member" and raw.get("state_key") == me
            ),
            None,
        )
        if mine is None:
            return
        inviter = str(mine.get("sender", ""))
        allowed = self.config.servers()
        if allowed and inviter.rsplit(":", 1)[-1] not in allowed:
            log.info("Matrix: invite from another server ignored")
            return
        try:
            await self.session.client.join_room_by_id(RoomID(room_id))
        except MatrixRequestError:
            log.warning("Matrix: could not join a room it was invited to", exc_info=True)
            return
        if (mine.get("content") or {}).get("is_direct") and self.dms is not None:
            await self.dms.remember(inviter, room_id)

    async def _room(self, room_id: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A room's new events in a sync: those of others, decrypted, to keep and handle."""
        me = str(self.session.client.mxid)
        kept: list[dict[str, Any]] = []
        for raw in events:
            if raw.get("sender") == me or "state_key" in raw:
                continue
            raw = {**raw, "room_id": room_id}
            if raw.get("type") == "m.room.encrypted":
                decrypted = await self._decrypt(raw)
                if decrypted is None:
                    continue  # waits for its key (processed then), or was answered
                raw = decrypted
            kept.append(raw)
        return kept

    async def _handle_kept(self, room_id: str, raw: dict[str, Any]) -> None:
        try:
            await self._handle(room_id, raw)
        except Exception:
            self.processed += 1
            raise
        self.processed += 1  # not when cancelled: then it stays kept, for the next start

    async def _handle(self, room_id: str, raw: dict[str, Any]) -> None:
        context = await self._context(room_id, str(raw.get("sender", "")))
        incoming = translate(raw, context, self.core.clock.now())
        if incoming is None:
            return
        incoming = await self._with_replied_author(room_id, raw, incoming)
        assert self._replies is not None
        try:
            if context.private and is_file(raw):
                file = await download(self.session.client, raw)
                incoming = dataclasses.replace(incoming, attachment=file)
            await self._replies.handle(incoming)
        finally:
            self.handled += 1

    async def _with_replied_author(
        self, room_id: str, raw: dict[str, Any], incoming: Incoming
    ) -> Incoming:
        """A command replying to a member's message names that member (a Mention without
        text), as on other platforms: the replied-to event is fetched for its sender (the
        sender of an encrypted event is readable without its key). Only for commands."""
        event_id = replied_event(raw)
        if not event_id or not incoming.text.startswith("/"):
            return incoming
        if any(not mention.text for mention in incoming.mentions):
            return incoming
        session = self.session
        try:
            event = await session.client.get_event(RoomID(room_id), EventID(event_id))
        except Exception:  # not visible to the bot, or the homeserver unreachable
            log.info("Matrix: the message replied to could not be fetched", exc_info=True)
            return incoming
        author = str(event.sender)
        if author == str(session.client.mxid):
            return incoming  # a reply to the bot names nobody
        member = await session.state_store.get_member(RoomID(room_id), UserID(author))
        name = (member.displayname if member else None) or author
        mentions = (*incoming.mentions, Mention(author, name=name))
        return dataclasses.replace(incoming, mentions=mentions)

    async def _decrypt(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        crypto = self.session.crypto
        event = EncryptedEvent.deserialize(cast("JSON", raw))
        try:
            return dict((await crypto.decrypt_megolm_event(event)).serialize())
        except SessionNotFound:
            task = asyncio.create_task(self._when_key_arrives(event))
            self._late.add(task)
            task.add_done_callback(self._late.discard)
        except DecryptionError:
            log.warning("Matrix: a message could not be decrypted", exc_info=True)
            await self._cannot_read(event)
            self.processed += 1
        return None

    async def _when_key_arrives(self, event: EncryptedEvent) -> None:
        """The room key of `event` comes later (as a to-device message, in a later sync)."""
        try:
            await self._late_message(event)
        finally:
            self.processed += 1

    async def _late_message(self, event: EncryptedEvent) -> None:
        crypto = self.session.crypto
        grace = self.config.decrypt_grace_seconds
        if await crypto.wait_for_session(event.room_id, event.content.session_id, grace):
            try:
                decrypted = await crypto.decrypt_megolm_event(event)
            except DecryptionError:
                await self._cannot_read(event)
                return
            await self._handle(str(event.room_id), dict(decrypted.serialize()))
            return
        await self._cannot_read(event)

    async def _cannot_read(self, event: EncryptedEvent) -> None:
        language = await self._language_of(str(event.sender))
        text = self.core.translator.text(language, "delivery.undecryptable")
        assert self.sending is not None
        reply_to = str(event.event_id)
        message = Outgoing(Text((Span(text),)))
        try:
            await self.sending.send(str(event.room_id), message, group=False, reply_to=reply_to)
        except Exception:
            log.warning("Matrix: could not send the undecryptable note", exc_info=True)

    async def _language_of(self, user_id: str) -> str:
        member = await self.core.store.run(lambda uow: uow.members.by_identity(PLATFORM, user_id))
        return member.language if member is not None else self.settings.default_language

    async def _context(self, room_id: str, sender: str) -> RoomContext:
        session = self.session
        assert self.dms is not None and self.sending is not None
        member = await session.state_store.get_member(RoomID(room_id), UserID(sender))
        name = (member.displayname if member else None) or sender.split(":")[0].lstrip("@")
        me = str(session.client.mxid)
        return RoomContext(
            room_id=room_id,
            private=self.dms.is_direct(room_id),
            title=room_id,
            bot_id=me,
            bot_names=(me.split(":")[0].lstrip("@").casefold(),),
            offered=self.sending.offered_in(room_id),
            offered_by_event=self.sending.offered_by_event,
            moderator_check=lambda user: self.moderates(room_id, user),
            display_name=lambda user: name if user == sender else user,
            avatar=functools.partial(avatar_of, session.client),
        )

    async def moderates(self, room_id: str, user_id: str) -> bool:
        """Power level of at least `moderator_level` (50) in the room."""
        levels = await self.session.state_store.get_power_levels(RoomID(room_id))
        if levels is None:
            try:
                fetched = await self.session.client.get_state_event(
                    RoomID(room_id), EventType.ROOM_POWER_LEVELS
                )
            except MatrixRequestError:
                return False
            if not isinstance(fetched, PowerLevelStateEventContent):
                return False
            levels = fetched
        return int(levels.get_user_level(UserID(user_id))) >= self.config.moderator_level

    # --- the core's ReplyChannel (sending.py) ---------------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        assert self.sending is not None
        await self.sending.send_private(user_id, message)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        assert self.sending is not None
        await self.sending.send_group(chat_id, message)

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        assert self.sending is not None
        await self.sending.send_unreachable_note(chat_id, note)

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        assert self.sending is not None
        await self.sending.send_here(incoming, message)

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        assert self.sending is not None
        return await self.sending.react(incoming, ack_kind)

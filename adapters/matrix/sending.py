"""Neutral messages out to Matrix (the core's `ReplyChannel`): texts with HTML, choices as
numbered options remembered for replies and reactions, files uploaded to the media
repository and sent as `m.file` (images as `m.image`), reactions as acknowledgements.
Matrix's errors are translated into the outbox's terms (`Unreachable`, `TryLater`);
every send waits for its turn in the shaper, built with Matrix's limits."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

from mautrix.crypto.attachments import encrypt_attachment
from mautrix.errors import MatrixRequestError
from mautrix.types import EventType, RoomID

from adapters.matrix import render
from adapters.matrix.translate import Offered
from bot.delivery.channel import TryLater, Unreachable

if TYPE_CHECKING:
    from mautrix.client import Client
    from mautrix.types import JSON

    from adapters.matrix.dms import DirectRooms
    from bot.chat.messages import Incoming, Outgoing
    from bot.delivery.channel import UnreachableNote
    from bot.delivery.shaping import Shaper

log = logging.getLogger(__name__)

# An acknowledgement (its catalog key) -> the reaction standing for it; other kinds (a
# question that waits in the private chat) are sent as text.
REACTIONS = {"ack.noted": "✍", "ack.changed": "👌", "ack.private": "👍"}
_REMEMBERED = 5_000  # offered choices kept for answers by reply or reaction


class Sending:
    def __init__(self, client: Client, dms: DirectRooms, shaper: Shaper) -> None:
        self._client = client
        self._dms = dms
        self._shaper = shaper
        self._offered: OrderedDict[str, Offered] = OrderedDict()
        self._newest: dict[str, Offered] = {}
        self.rate_limited = 0  # sends the homeserver refused with M_LIMIT_EXCEEDED (tests)

    # --- what translation asks --------------------------------------------------------------

    def offered_in(self, room_id: str) -> Offered | None:
        return self._newest.get(room_id)

    def offered_by_event(self, event_id: str) -> Offered | None:
        return self._offered.get(event_id)

    # --- the core's ReplyChannel -------------------------------------------------------------

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        room_id = await self._dms.room_for(user_id)
        await self.send(room_id, message, group=False)

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        await self.send(chat_id, message, group=True)

    async def send_here(self, incoming: Incoming, message: Outgoing) -> None:
        group = not incoming.chat.is_private
        reply_to = incoming.reference if group else None  # one-to-one: no quoting
        await self.send(incoming.chat.id, message, group=group, reply_to=reply_to)

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        answering = note.answering.reference if note.answering is not None else None
        body = render.content(note.text, mention=note.user_id, reply_to=answering)
        link = render.matrix_to(self._client.mxid)
        body["body"] += f"\n{note.open_label}: {link}"
        body["formatted_body"] += f'<br><a href="{link}">{note.open_label}</a>'
        await self._send_content(chat_id, body, group=True)

    async def react(self, incoming: Incoming, ack_kind: str) -> bool:
        emoji = REACTIONS.get(ack_kind)
        if emoji is None or incoming.reference is None:
            return False
        content = {
            "m.relates_to": {
                "rel_type": "m.annotation",
                "event_id": incoming.reference,
                "key": emoji,
            }
        }
        await self._send_event(incoming.chat.id, EventType.REACTION, content, group=True)
        return True

    # --- sending ------------------------------------------------------------------------------

    async def send(
        self, room_id: str, message: Outgoing, *, group: bool, reply_to: str | None = None
    ) -> None:
        attachment = message.attachment
        if attachment is not None:
            # The text goes with the file as its caption (body ≠ filename), unless it has
            # options to answer: those need a message of their own.
            captioned = not message.choices
            await self._send_file(room_id, message, group=group, caption=captioned)
            if captioned or not message.text.plain.strip():
                return
        content = render.content(message.text, message.choices, reply_to=reply_to)
        event_id = await self._send_content(room_id, content, group=group)
        if message.choices:
            self._remember(room_id, Offered(event_id, message.choices))

    async def _send_file(
        self, room_id: str, message: Outgoing, *, group: bool, caption: bool
    ) -> None:
        attachment = message.attachment
        assert attachment is not None
        # In an encrypted room the file is encrypted too; the media repository only ever
        # holds ciphertext, and the key travels inside the (encrypted) message.
        state = self._client.state_store
        encrypted = state is not None and bool(await state.is_encrypted(RoomID(room_id)))
        data, secret = (
            encrypt_attachment(attachment.content) if encrypted else (attachment.content, None)
        )
        await self._shaper.acquire(room_id, group=group)
        try:
            uri = await self._client.upload_media(
                data,
                mime_type="application/octet-stream" if encrypted else attachment.media_type,
                filename=attachment.filename,
            )
        except MatrixRequestError as error:
            raise _translated(error) from error
        image = attachment.media_type.startswith("image/")
        content: dict[str, Any] = {
            "msgtype": "m.image" if image else "m.file",
            "body": attachment.filename,
            "filename": attachment.filename,
            "info": {"mimetype": attachment.media_type, "size": len(attachment.content)},
        }
        if caption and message.text.plain.strip():
            text = render.content(message.text)
            content["body"] = text["body"]
            content["format"] = text["format"]
            content["formatted_body"] = text["formatted_body"]
        if secret is not None:
            secret.url = uri
            content["file"] = secret.serialize()
        else:
            content["url"] = uri
        await self._send_event(room_id, EventType.ROOM_MESSAGE, content, group=group)

    async def _send_content(self, room_id: str, content: dict[str, Any], *, group: bool) -> str:
        return await self._send_event(room_id, EventType.ROOM_MESSAGE, content, group=group)

    async def _send_event(
        self, room_id: str, event_type: EventType, content: dict[str, Any], *, group: bool
    ) -> str:
        await self._shaper.acquire(room_id, group=group)
        try:
            # Encrypted rooms are encrypted by the client (the room's state says which).
            event_id = await self._client.send_message_event(
                RoomID(room_id), event_type, cast("JSON", content)
            )
        except MatrixRequestError as error:
            if getattr(error, "errcode", "") == "M_LIMIT_EXCEEDED":
                self.rate_limited += 1
            raise _translated(error) from error
        return str(event_id)

    def _remember(self, room_id: str, offered: Offered) -> None:
        self._offered[offered.event_id] = offered
        self._newest[room_id] = offered
        while len(self._offered) > _REMEMBERED:
            self._offered.popitem(last=False)


def _translated(error: MatrixRequestError) -> Exception:
    code = getattr(error, "errcode", "")
    if code == "M_LIMIT_EXCEEDED":
        retry_ms = getattr(error, "retry_after_ms", None) or 1000
        return TryLater(float(retry_ms) / 1000)
    if code in ("M_FORBIDDEN", "M_NOT_FOUND"):
        return Unreachable(str(error))
    return error

"""Files members send (`m.image`, `m.file`) and their avatar, from the media repository.

In an encrypted room a file's bytes are encrypted too: the key, IV and hash come inside
the (decrypted) event as `file`, and the bytes are checked against the hash before they
are decrypted. A file is downloaded only in a member's private chat with the bot."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from mautrix.crypto.attachments import decrypt_attachment
from mautrix.errors import DecryptionError, MatrixRequestError
from mautrix.types import ContentURI, UserID

from bot.chat.messages import Attachment

if TYPE_CHECKING:
    from mautrix.client import Client

log = logging.getLogger(__name__)

FILE_TYPES = frozenset({"m.image", "m.file"})


def is_file(raw: dict[str, Any]) -> bool:
    content = raw.get("content") or {}
    return raw.get("type") == "m.room.message" and content.get("msgtype") in FILE_TYPES


async def download(client: Client, raw: dict[str, Any]) -> Attachment | None:
    """The file of an `m.image` / `m.file` event, decrypted if need be; None if it could not
    be fetched or its hash does not match."""
    content = raw.get("content") or {}
    info = content.get("info") or {}
    name = str(content.get("filename") or content.get("body") or "file")
    kind = str(info.get("mimetype") or "application/octet-stream")
    secret = content.get("file")
    url = (secret or {}).get("url") if secret else content.get("url")
    if not url:
        return None
    try:
        data = await client.download_media(ContentURI(str(url)))
        if secret:
            data = decrypt_attachment(
                data, secret["key"]["k"], secret["hashes"]["sha256"], secret["iv"]
            )
    except (MatrixRequestError, DecryptionError, KeyError, TypeError):
        log.warning("Matrix: could not download a file", exc_info=True)
        return None
    return Attachment(name, data, kind)


async def avatar_of(client: Client, user_id: str) -> Attachment | None:
    """The member's profile picture (avatar_url, from the media repository), or None."""
    url = await client.get_avatar_url(UserID(user_id))
    if not url:
        return None
    data = await client.download_media(url)
    return Attachment("avatar", data, "application/octet-stream")

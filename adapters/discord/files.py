"""Files members send (an image on /photo, or in the bot's DM) and their avatar, fetched
from Discord's CDN only when the core asks (after the member's consent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.messages import Attachment

if TYPE_CHECKING:
    import discord

AVATAR_SIZE = 512


async def read_attachment(file: discord.Attachment) -> Attachment:
    """The file's bytes (Discord's own upload limit bounds them; the core checks them)."""
    content = await file.read()
    return Attachment(file.filename, content, file.content_type or "application/octet-stream")


async def avatar_of(user: discord.User | discord.Member) -> Attachment | None:
    """The member's own avatar (None when they kept Discord's default one)."""
    asset = user.avatar
    if asset is None:
        return None
    content = await asset.with_static_format("png").with_size(AVATAR_SIZE).read()
    return Attachment("avatar.png", content, "image/png")

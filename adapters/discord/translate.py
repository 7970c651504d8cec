"""Discord events -> neutral ones. Where an interaction happens decides the chat:

- a guild channel or thread where the bot is installed: a GROUP chat (the channel);
  replies for the channel are public, personal ones ephemeral;
- the bot's DM: the member's PRIVATE chat; replies in the DM;
- a group DM, or a guild without the bot (the member's user-installed app): their PRIVATE
  chat too, every reply ephemeral.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.discord.files import avatar_of
from bot.chat.messages import Chat, ChatKind, Incoming, Mention, Sender

if TYPE_CHECKING:
    from datetime import datetime

    import discord

PLATFORM = "discord"
_USER_MENTION = re.compile(r"<@!?(\d{1,20})>")


@dataclass(frozen=True)
class Place:
    chat: Chat
    ephemeral_here: bool  # everything said "here" is for this member only
    in_guild: bool  # a community the bot is part of


def language_of(locale: discord.Locale | str | None) -> str:
    return "nl" if str(locale or "").startswith("nl") else "en"


def place_of(interaction: discord.Interaction) -> Place:
    user = interaction.user
    if interaction.guild_id is not None and guild_installed(interaction):
        channel = interaction.channel
        name = getattr(channel, "name", None) or ""
        guild = interaction.guild.name if interaction.guild else ""
        title = f"{guild} #{name}".strip() if name else guild
        chat = Chat(PLATFORM, str(interaction.channel_id), ChatKind.GROUP, title=title)
        return Place(chat, ephemeral_here=False, in_guild=True)
    private = Chat(PLATFORM, str(user.id), ChatKind.PRIVATE, title=user.display_name)
    in_dm = interaction.context.dm_channel
    return Place(private, ephemeral_here=not in_dm, in_guild=False)


def guild_installed(interaction: discord.Interaction) -> bool:
    """The bot itself is in this guild (not only the member's user-installed app)."""
    return interaction.is_guild_integration()


def sender_of(interaction: discord.Interaction, moderator: bool) -> Sender:
    user = interaction.user
    return Sender(
        PLATFORM,
        str(user.id),
        display_name=user.display_name or user.name,
        is_moderator=moderator,
        language_hint=language_of(interaction.locale),
        avatar=functools.partial(avatar_of, user),  # fetched only after consent
        handle=handle_of(user),
    )


def handle_of(user: discord.User | discord.Member) -> str:
    """How another member finds this user: the unique user name (Discord's search and
    friend requests take it; a <@id> mention would only render inside a server)."""
    return f"@{user.name}"


def is_moderator(interaction: discord.Interaction, role_name: str | None) -> bool:
    """Manage Server in this guild, or the configured moderator role."""
    if interaction.guild_id is None:
        return False
    if interaction.permissions.manage_guild:
        return True
    roles = getattr(interaction.user, "roles", None) or []
    return role_name is not None and any(role.name == role_name for role in roles)


def command_incoming(
    interaction: discord.Interaction,
    place: Place,
    sender: Sender,
    name: str,
    text: str,
    at: datetime,
) -> Incoming:
    line = f"/{name} {text}".strip()
    mentions = mentions_in(interaction, text)
    return Incoming(f"i:{interaction.id}", place.chat, sender, at, text=line, mentions=mentions)


def mentions_in(interaction: discord.Interaction, text: str) -> tuple[Mention, ...]:
    """The users a command's text mentions (`<@id>`, what the client inserts when a member
    picks someone after @), named as the guild shows them where the bot has the member."""
    found = []
    for match in _USER_MENTION.finditer(text):
        user_id = match.group(1)
        if interaction.client.user is not None and user_id == str(interaction.client.user.id):
            continue
        guild = interaction.guild
        member = guild.get_member(int(user_id)) if guild is not None else None
        name = member.display_name if member is not None else _resolved_name(interaction, user_id)
        found.append(Mention(user_id=user_id, text=match.group(0), name=name))
    return tuple(found)


def _resolved_name(interaction: discord.Interaction, user_id: str) -> str:
    """The name of someone picked in a member option, as Discord sent it along (its
    `resolved` users and members), the guild's nickname first; "" when not sent."""
    data: Any = interaction.data or {}
    resolved = data.get("resolved") or {}
    member = (resolved.get("members") or {}).get(user_id) or {}
    user = (resolved.get("users") or {}).get(user_id) or {}
    return str(member.get("nick") or user.get("global_name") or user.get("username") or "")


def press_incoming(
    interaction: discord.Interaction, place: Place, sender: Sender, key: str, at: datetime
) -> Incoming:
    return Incoming(f"i:{interaction.id}", place.chat, sender, at, choice=key)


def answer_incoming(
    interaction: discord.Interaction,
    place: Place,
    sender: Sender,
    token: str,
    text: str,
    at: datetime,
) -> Incoming:
    """The text of a typed answer's form: as if typed in this place, for that question."""
    return Incoming(f"i:{interaction.id}", place.chat, sender, at, text=text, answers=token)


def dm_incoming(message: discord.Message, at: datetime) -> Incoming | None:
    """A message in the bot's DM (the only message content a bot without the privileged
    intent receives)."""
    author = message.author
    if author.bot or message.guild is not None:
        return None
    if not message.content and not message.attachments:
        return None
    chat = Chat(PLATFORM, str(author.id), ChatKind.PRIVATE, title=author.display_name)
    sender = Sender(
        PLATFORM,
        str(author.id),
        author.display_name or author.name,
        avatar=functools.partial(avatar_of, author),
        handle=handle_of(author),
    )
    return Incoming(f"m:{message.id}", chat, sender, at, text=message.content)

"""The world the fake Discord serves: users, guilds, channels, messages and interactions.

Plain data; ``to_api()`` gives Discord's JSON shape (API v10), so tests can build gateway
events and check what the bot sent without knowing the wire format.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

EPHEMERAL = 1 << 6  # message flag 64
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
# What @everyone may do in the fake guilds: view, send, read history, use app commands.
EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)

# Channel types
GUILD_TEXT = 0
DM = 1
PUBLIC_THREAD = 11

# Interaction types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# Interaction contexts (where a command was used)
CONTEXT_GUILD, CONTEXT_BOT_DM, CONTEXT_PRIVATE_CHANNEL = 0, 1, 2

_EPOCH_MS = 1_420_070_400_000
_sequence = itertools.count(1)


def snowflake() -> int:
    """A fresh Discord id (time-ordered, unique within the process)."""
    return ((int(time.time() * 1000) - _EPOCH_MS) << 22) | (next(_sequence) & 0x3FFFFF)


def timestamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


class ApiError(Exception):
    """A Discord error reply: ``{"code": ..., "message": ...}`` with an HTTP status."""

    def __init__(self, status: int, code: int, message: str, retry_after: float = 0.0) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after

    def to_api(self) -> JSON:
        if self.status == 429:
            return {"message": self.message, "retry_after": self.retry_after, "global": False}
        return {"code": self.code, "message": self.message}


def cannot_dm() -> ApiError:
    return ApiError(403, 50007, "Cannot send messages to this user")


def dm_too_fast() -> ApiError:
    return ApiError(400, 40003, "You are opening direct messages too fast.")


def unknown(what: str, code: int) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


@dataclass(frozen=True)
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    locale: str = "nl"
    bot: bool = False
    avatar: str | None = None  # the avatar's hash (its image: DiscordState.cdn)

    def to_api(self) -> JSON:
        user: JSON = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": self.avatar,
            "public_flags": 0,
        }
        if self.bot:
            user["bot"] = True
        return user


@dataclass(frozen=True)
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 1

    def to_api(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    id: int
    type: int
    name: str | None = None
    guild_id: int | None = None
    recipient: FakeUser | None = None  # the other side of a DM
    parent_id: int | None = None  # a thread's channel

    def to_api(self) -> JSON:
        channel: JSON = {"id": str(self.id), "type": self.type, "flags": 0}
        if self.guild_id is not None:
            channel.update(
                guild_id=str(self.guild_id),
                name=self.name,
                position=0,
                permission_overwrites=[],
                nsfw=False,
                parent_id=str(self.parent_id) if self.parent_id else None,
            )
        if self.type == PUBLIC_THREAD:
            channel["owner_id"] = "1"
            channel["thread_metadata"] = {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": timestamp(),
                "locked": False,
            }
            channel["message_count"] = 0
            channel["member_count"] = 1
        if self.recipient is not None:
            channel["recipients"] = [self.recipient.to_api()]
            channel["last_message_id"] = None
        return channel


@dataclass
class FakeMember:
    user: FakeUser
    roles: list[int] = field(default_factory=list)

    def to_api(self) -> JSON:
        return {
            "user": self.user.to_api(),
            "roles": [str(role) for role in self.roles],
            "joined_at": timestamp(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
        }


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    locale: str = "nl"

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]  # @everyone's id is the guild's

    def permissions(self, user_id: int) -> int:
        if user_id == self.owner_id:
            return (1 << 53) - 1
        member = self.members.get(user_id)
        value = self.everyone.permissions
        for role in member.roles if member else ():
            value |= self.roles[role].permissions
        return (1 << 53) - 1 if value & ADMINISTRATOR else value

    def to_api(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "region": "rotterdam",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "preferred_locale": self.locale,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [role.to_api() for role in self.roles.values()],
            "channels": [c.to_api() for c in self.channels.values() if c.type != PUBLIC_THREAD],
            "threads": [c.to_api() for c in self.channels.values() if c.type == PUBLIC_THREAD],
            "members": [member.to_api() for member in self.members.values()],
            "member_count": len(self.members),
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": timestamp(),
            "large": False,
            "unavailable": False,
            "lazy": True,
        }

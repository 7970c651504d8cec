"""What the bot made at the fake Discord: messages (with files, components and the ephemeral
flag), interactions and how each was answered, and rate-limit buckets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.fakes.discord_model import EPHEMERAL, JSON, timestamp

if TYPE_CHECKING:
    from tests.fakes.discord_model import FakeChannel, FakeGuild, FakeUser


@dataclass(frozen=True)
class SentFile:
    filename: str
    content: bytes
    content_type: str


@dataclass
class SentMessage:
    """A message the bot made: in a channel, as an interaction response, or a followup."""

    id: int
    channel_id: int
    content: str
    flags: int = 0
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    files: list[SentFile] = field(default_factory=list)
    interaction_id: int | None = None  # set for responses and followups
    via: str = "channel"  # "channel", "callback", "followup"
    author: FakeUser | None = None
    edits: int = 0
    reactions: list[str] = field(default_factory=list)
    loading: bool = False  # a deferred response not yet completed ("… is thinking")
    visible_to: int | None = None  # an ephemeral message: only this user sees it
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def text(self) -> str:
        """Content plus embed titles and descriptions: what a member reads."""
        parts = [self.content] if self.content else []
        for embed in self.embeds:
            parts += [embed.get(key, "") for key in ("title", "description") if embed.get(key)]
        return "\n".join(parts)

    @property
    def buttons(self) -> list[tuple[str, str | None, str | None]]:
        """(label, custom_id, url) of every button."""
        return [
            (item.get("label", ""), item.get("custom_id"), item.get("url"))
            for row in self.components
            for item in row.get("components", [])
            if item.get("type") == 2
        ]

    @property
    def selects(self) -> list[JSON]:
        return [
            item
            for row in self.components
            for item in row.get("components", [])
            if item.get("type") == 3
        ]

    def to_api(self, bot: FakeUser) -> JSON:
        return {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": (self.author or bot).to_api(),
            "content": self.content,
            "timestamp": timestamp(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": str(index),
                    "filename": f.filename,
                    "size": len(f.content),
                    "url": f"https://cdn.invalid/{f.filename}",
                    "proxy_url": f"https://cdn.invalid/{f.filename}",
                    "content_type": f.content_type,
                }
                for index, f in enumerate(self.files)
            ],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": 0 if self.via == "channel" else 20,
            "flags": self.flags | (128 if self.loading else 0),
        }


@dataclass
class Interaction:
    """One INTERACTION_CREATE the fake dispatched, and how the bot answered it."""

    id: int
    token: str
    type: int
    user: FakeUser
    channel: FakeChannel
    guild: FakeGuild | None
    payload: JSON
    callbacks: list[JSON] = field(default_factory=list)  # the callback bodies, in order
    dispatched_at: float = 0.0
    answered_at: float | None = None  # first callback, time.perf_counter()
    original: SentMessage | None = None
    followups: list[SentMessage] = field(default_factory=list)

    @property
    def response_type(self) -> int | None:
        return self.callbacks[0]["type"] if self.callbacks else None

    @property
    def messages(self) -> list[SentMessage]:
        return ([self.original] if self.original else []) + self.followups

    @property
    def choices(self) -> list[JSON]:
        """An autocomplete answer's choices (callback type 8)."""
        for body in self.callbacks:
            if body["type"] == 8:
                return list(body.get("data", {}).get("choices", []))
        return []

    @property
    def modal(self) -> JSON | None:
        for body in self.callbacks:
            if body["type"] == 9:
                return dict(body["data"])
        return None


@dataclass
class RateLimit:
    """A bucket of `limit` requests per `per` seconds (Discord's are per route + channel)."""

    limit: int
    per: float
    hits: list[float] = field(default_factory=list)

    def take(self, now: float) -> tuple[int, float]:
        """(remaining after this request or -1 if refused, seconds until a slot frees)."""
        self.hits = [t for t in self.hits if t > now - self.per]
        if len(self.hits) >= self.limit:
            return -1, self.hits[0] + self.per - now
        self.hits.append(now)
        return self.limit - len(self.hits), self.hits[0] + self.per - now

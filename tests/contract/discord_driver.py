"""The Discord driver of the contract suite: the real discord.py client in the Discord
adapter, against the loopback Discord (tests/fakes/discord_api.py).

How the stories' words map onto Discord:
- a known command (``/log …``) is a slash command, typed in the member's DM with the bot
  or in the group's guild channel; its arguments fill the command's typed options where
  the core declares them (`typed_options`: the story's words split over the options so
  that the core composes exactly the same text), else its one text option; anything else
  is a plain message (the bot reads DMs; in a guild it gets no message content);
- what a member sees "privately" is their DM with the bot plus every ephemeral message
  shown to them alone in a guild; a group is what everyone in its channel sees;
- moderators hold a role with Manage Server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.chat.arguments import ArgKind, Param, compose, params_of
from tests.contract.drivers import (
    EPHEMERAL_PRIVACY,
    REDELIVERS,
    Seen,
    _advance,
    _close_due_rounds,
    _open_core,
    _send_elsewhere,
)
from tests.discord.helpers import discord_adapter
from tests.fakes.discord_api import DiscordApiServer
from tests.fakes.discord_fixture import pointed_at
from tests.fakes.discord_markdown import mentions, plain
from tests.fakes.discord_model import MANAGE_GUILD

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from adapters.discord.adapter import DiscordAdapter
    from bot.bootstrap import Core
    from bot.i18n import Translator
    from tests.fakes.discord_messages import SentMessage
    from tests.fakes.discord_model import FakeGuild, FakeRole, FakeUser


_INTEGER = re.compile(r"[0-9]{1,9}")
_USER_MENTION = re.compile(r"<@!?([0-9]+)>")
_HOURS = re.compile(r"([0-9]{1,2}(?:\.[0-9]{1,2})?)u")


def options_for(command: str, text: str, translator: Translator) -> dict[str, object] | None:
    """The options (English names) a member fills in for `/command text`; None when Discord
    would not let them (a required option left empty, words in a number): in their DM with
    the bot they can still send it as a message, which the core reads alike."""
    spec_key = _COMMAND_KEYS.get(command)
    params = params_of(spec_key) if spec_key else None
    if params is None:
        return {"text": text.strip()} if text.strip() else {}
    values = typed_options(params, text)
    if values is None:
        return None
    return {translator.text("en", p.name_key): values[p.key] for p in params if p.key in values}


def typed_options(params: tuple[Param, ...], text: str) -> dict[str, object] | None:
    """Values for `params` from which the core composes exactly `text` (None: none do).
    Of the ways the words fit, the one filling the most typed (not free-text) options; the
    first of those, as options are filled in order, free text taking the rest."""
    words = text.split()
    wanted = " ".join(words)
    best: tuple[int, dict[str, object]] | None = None

    def fill(index: int, at: int, values: dict[str, object]) -> None:
        nonlocal best
        if index == len(params):
            if at == len(words) and compose(params, _as_written(params, values)) == wanted:
                typed = sum(1 for p in params if p.key in values and p.kind is not ArgKind.TEXT)
                if best is None or typed > best[0]:
                    best = (typed, dict(values))
            return
        param = params[index]
        for taken, value in _candidates(param, words, at):
            fill(index + 1, at + taken, {**values, param.key: value})
        if not param.required:
            fill(index + 1, at, values)

    fill(0, 0, {})
    return best[1] if best is not None else None


def _as_written(params: tuple[Param, ...], values: dict[str, object]) -> dict[str, object]:
    """What the adapter hands `compose`: a picked member as their mention."""
    members = {p.key for p in params if p.kind is ArgKind.MEMBER}
    return {k: f"<@{v}>" if k in members else v for k, v in values.items()}


def _candidates(param: Param, words: list[str], at: int) -> list[tuple[int, object]]:
    """(words taken, value) for `param` at word `at`, the likeliest first."""
    prefix = param.prefix.split()
    if param.kind is not ArgKind.TEXT and prefix:  # "doel 2": the number after its word
        if words[at : at + len(prefix)] != prefix:
            return []
        unprefixed = _without_prefix(param)
        return [
            (len(prefix) + taken, value)
            for taken, value in _candidates(unprefixed, words, at + len(prefix))
        ]
    if at >= len(words):
        return []
    word = words[at]
    if param.kind is ArgKind.INTEGER:
        low, high = param.min_value or 0, param.max_value or 10**9
        fits = _INTEGER.fullmatch(word) and low <= int(word) <= high
        return [(1, int(word))] if fits else []
    if param.kind is ArgKind.NUMBER:
        hours = _HOURS.fullmatch(word)
        value = float(hours.group(1)) if hours else None
        return [(1, value)] if value and param.written(value) == word else []
    if param.kind is ArgKind.CHOICE:
        return [
            (len(c.text.split()), c.value)
            for c in param.choices
            if words[at : at + len(c.text.split())] == c.text.split()
        ]
    if param.kind is ArgKind.FLAG:
        return [(1, True)] if word == param.when_true else []
    if param.kind is ArgKind.FILE:  # never in the text
        return []
    if param.kind is ArgKind.MEMBER:  # picked from the list: Discord sends the user id
        picked = _USER_MENTION.fullmatch(word)
        return [(1, picked.group(1))] if picked else []
    return [(n, " ".join(words[at : at + n])) for n in range(1, len(words) - at + 1)]


def _without_prefix(param: Param) -> Param:
    return dataclasses.replace(param, prefix="")


def _command_keys() -> dict[str, str]:
    from bot.chat.handlers import command_specs

    return {spec.name("en"): spec.key for spec in command_specs()}


_COMMAND_KEYS = _command_keys()


@dataclass
class DiscordDriver:
    api: DiscordApiServer
    core: Core
    adapter: DiscordAdapter
    _stack: contextlib.AsyncExitStack
    name: str = "discord"
    capabilities: frozenset[str] = frozenset({REDELIVERS, EPHEMERAL_PRIVACY})
    _users: dict[str, FakeUser] = field(default_factory=dict)
    _guilds: dict[str, FakeGuild] = field(default_factory=dict)
    _roles: dict[str, FakeRole] = field(default_factory=dict)
    _queued: int = 0

    @classmethod
    async def open(cls, db: Path, url: str | None = None) -> DiscordDriver:
        """Against a fresh loopback Discord, on SQLite at `db` (or the store at `url`)."""
        stack = contextlib.AsyncExitStack()
        api = await stack.enter_async_context(DiscordApiServer.running())
        stack.enter_context(pointed_at(api.rest_url, api.gateway_url, api.cdn_url))
        core = await _open_core(db, url)
        adapter = discord_adapter(core, api, db.parent)
        await adapter.start()
        return cls(api, core, adapter, stack)

    def user(self, name: str) -> FakeUser:
        if name not in self._users:
            self._users[name] = self.api.create_user(name, locale="nl")
        return self._users[name]

    async def guild(self, name: str) -> FakeGuild:
        if name not in self._guilds:
            guild = self._guilds[name] = await self.api.create_guild(name)
            self._roles[name] = await self.api.add_role(guild, "Moderator", MANAGE_GUILD)
            await self.api.wait_until(
                lambda: self.adapter.client.get_guild(guild.id) is not None,
                what="the bot to see the new guild",
            )
        return self._guilds[name]

    async def _settle(self) -> None:
        self._queued += 1
        await self.api.wait_until(
            lambda: self.adapter.handled >= self._queued, what="the bot to handle it"
        )

    async def send(
        self, user: str, text: str, *, group: str | None = None, moderator: bool = False
    ) -> None:
        who = self.user(user)
        channel = None
        if group is not None:
            guild = await self.guild(group)
            roles = [self._roles[group]] if moderator else []
            self.api.join(guild, who, *roles)
            channel = self.api.text_channel(guild)
        head, _, rest = text.partition(" ")
        name = head.removeprefix("/")
        command = self.api.state.find_command(name, who.locale, None)
        options = options_for(command["name"], rest, self.core.translator) if command else None
        if head.startswith("/") and options is not None:
            await self.api.run_command(who, name, options, channel=channel)
            await self._settle()
        elif channel is None:
            await self.api.user_writes(who, None, text)
            await self._settle()
        elif command is not None:
            raise AssertionError(f"{text!r} cannot be typed into the options of /{name}")
        else:  # guild chatter: the bot gets it without content and ignores it
            await self.api.user_writes(who, channel, text)

    async def send_image(
        self, user: str, content: bytes, *, filename: str = "foto.jpg", text: str = "/foto"
    ) -> None:
        """An image: with /foto, the slash command's attachment option; else in the DM."""
        who = self.user(user)
        file = self.api.upload(filename, content, "image/jpeg")
        if text.startswith("/"):
            options = {"afbeelding": file["id"]}
            await self.api.run_command(who, text[1:], options, attachments=[file])
        else:
            await self.api.user_writes(who, None, text, attachments=[file])
        await self._settle()

    def _visible(self, user: FakeUser) -> list[SentMessage]:
        channels = [self.api.dm(user)] + [self.api.text_channel(g) for g in self._guilds.values()]
        messages = [m for c in channels for m in self.api.seen_by(user, c)]
        return sorted(messages, key=lambda m: m.id)

    async def press(self, user: str, label: str) -> None:
        """A button, or an option of a select menu (more choices than a row)."""
        who = self.user(user)
        for message in reversed(self._visible(who)):
            for text, custom_id, _ in message.buttons:
                if text == label and custom_id is not None:
                    await self.api.press(who, message, custom_id)
                    await self._settle()
                    return
            for select in message.selects:
                for option in select["options"]:
                    if option["label"] == label:
                        await self.api.select(who, message, select["custom_id"], [option["value"]])
                        await self._settle()
                        return
        raise AssertionError(f"{user} sees no button {label!r}")

    def _name(self, user_id: int) -> str:
        return next((n for n, u in self._users.items() if u.id == user_id), str(user_id))

    def _seen(self, message: SentMessage) -> Seen:
        file = message.files[0] if message.files else None
        markdown = "\n".join(
            [message.content, *(e.get("description", "") for e in message.embeds)]
        ).strip("\n")
        return Seen(
            plain(markdown, self._name),
            tuple(text for text, custom_id, _ in message.buttons if custom_id is not None)
            + tuple(o["label"] for select in message.selects for o in select["options"]),
            tuple(url for _, _, url in message.buttons if url),
            (file.filename, file.content) if file else None,
            tuple(self._name(user_id) for user_id in mentions(message.content)),
            None,  # interaction answers quote nothing
        )

    def private(self, user: str) -> list[Seen]:
        who = self.user(user)
        return [
            self._seen(m)
            for m in self._visible(who)
            if m.channel_id == self.api.dm(who).id or m.visible_to == who.id
        ]

    def group(self, name: str) -> list[Seen]:
        guild = self._guilds.get(name)
        if guild is None:
            return []
        channel = self.api.text_channel(guild)
        return [self._seen(m) for m in self.api.sent(channel) if m.visible_to is None]

    def reactions(self, name: str) -> list[tuple[str, str]]:
        return []  # slash commands leave no message of the member's to react to

    def advance(self, seconds: float) -> None:
        _advance(self.core, seconds)

    async def refuse_private(self, user: str) -> None:
        raise NotImplementedError("in a guild, personal replies are ephemeral")

    async def open_private(self, user: str, link: str) -> None:
        raise NotImplementedError

    async def redeliver_last(self, user: str) -> None:
        await self.api.redeliver(self.user(user))
        await self._settle()

    async def eventually(self, condition: Callable[[], bool], what: str) -> None:
        await self.api.wait_until(condition, what=what)

    async def send_elsewhere(self, user: str, text: str) -> list[Seen]:
        return await _send_elsewhere(self.core, user, text)

    async def tick(self) -> None:
        await self.core.reminders.dispatch_due()
        await self.adapter.deliverer.deliver_due()
        await _close_due_rounds(self.core)
        await self.core.platforms.post_to_groups()

    async def close(self) -> None:
        await self.adapter.stop()
        await self.core.store.close()
        await self._stack.aclose()

"""The one declarative command registry: names (nl, en), argument parser, handler, help.

`/help`, Telegram's command menu and Discord's slash commands are generated from it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date, datetime

    from bot.chat.messages import Incoming
    from bot.chat.replies import Reply
    from bot.domain.members import Member
    from bot.i18n import Translator
    from bot.services.catalogue import TitleIndex
    from bot.services.ports import UnitOfWork

_VALID_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")  # Telegram's and Discord's common ground


@dataclass
class Context:
    """What a handler may use. It runs inside the transaction of the incoming message."""

    uow: UnitOfWork
    member: Member
    incoming: Incoming
    now: datetime
    today: date
    flow_ttl_minutes: int
    commands: Registry
    # The process's fuzzy index of offering titles, and the translator for messages that
    # are rendered now and delivered later (the outbox).
    titles: TitleIndex | None = None
    translator: Translator | None = None
    # Messages that waited for this private chat are delivered just before the replies.
    waiting_delivered: bool = False

    @property
    def in_group(self) -> bool:
        return not self.incoming.chat.is_private


Parser = Callable[[str, "date"], Any]
Handler = Callable[[Context, Any], "list[Reply]"]


def raw_text(text: str, today: date) -> str:
    return text


@dataclass(frozen=True)
class CommandSpec:
    key: str
    names: dict[str, tuple[str, ...]]  # language -> names; the first is the one shown
    handler: Handler
    parse: Parser = raw_text
    # What the group sees when the personal answer went to the private chat.
    ack: str = "ack.private"
    order: int = 100
    group_menu: bool = True  # listed in group chats' command menus too

    @property
    def summary_key(self) -> str:
        return f"cmd.{self.key}.summary"

    @property
    def example_key(self) -> str:
        return f"cmd.{self.key}.example"

    def name(self, language: str) -> str:
        return self.names.get(language, self.names["en"])[0]

    @property
    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for names in self.names.values() for name in names))


class CommandSet:
    """Collects declarations; modules declare with the `command` decorator."""

    def __init__(self) -> None:
        self.specs: list[CommandSpec] = []

    def command(
        self,
        key: str,
        *,
        nl: tuple[str, ...],
        en: tuple[str, ...],
        parse: Parser = raw_text,
        ack: str = "ack.private",
        order: int = 100,
        group_menu: bool = True,
    ) -> Callable[[Handler], Handler]:
        def declare(handler: Handler) -> Handler:
            spec = CommandSpec(key, {"nl": nl, "en": en}, handler, parse, ack, order, group_menu)
            self.specs.append(spec)
            return handler

        return declare


class Registry:
    def __init__(self, specs: list[CommandSpec]) -> None:
        self.specs = sorted(specs, key=lambda spec: (spec.order, spec.key))
        self._by_name: dict[str, CommandSpec] = {}
        for spec in self.specs:
            for name in spec.all_names:
                if not _VALID_NAME.match(name):
                    raise ValueError(f"command name {name!r} is not valid on every platform")
                if self._by_name.setdefault(name, spec) is not spec:
                    raise ValueError(f"command name {name!r} is declared twice")

    def find(self, name: str) -> CommandSpec | None:
        return self._by_name.get(name.lower())

    def by_key(self, key: str) -> CommandSpec:
        return next(spec for spec in self.specs if spec.key == key)

    def suggest(self, name: str) -> CommandSpec | None:
        close = difflib.get_close_matches(name.lower()[:40], list(self._by_name), n=1, cutoff=0.6)
        return self._by_name[close[0]] if close else None

    def menu(self, language: str, *, group: bool = False) -> list[tuple[str, str]]:
        """(command name, summary key) in the given language, for platform command menus;
        `group`: the menu of group chats."""
        return [
            (spec.name(language), spec.summary_key)
            for spec in self.specs
            if spec.group_menu or not group
        ]

"""The one declarative command registry: names (nl, en), argument parser, handler, help,
who may use a command and where.

`/help` and the platforms' command menus and slash commands are generated from it; the
router enforces `power` and `where` for every platform alike."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from bot.chat.replies import Reply

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

    from bot.chat.messages import Incoming
    from bot.domain.flows import Draft
    from bot.domain.members import Member
    from bot.i18n import Translator
    from bot.services.catalogue import TitleIndex
    from bot.services.moderation import Moderator
    from bot.services.ports import UnitOfWork

_VALID_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")  # every platform's common ground

A = TypeVar("A")


class Power(StrEnum):
    """Who may use a command."""

    MEMBER = "member"  # everyone
    MODERATOR = "moderator"  # a community's moderator (in its group), or an operator
    OPERATOR = "operator"  # only operators (PORTFOLIOBOT_ADMINS): catalogue-wide


class MenuScope(StrEnum):
    """Which command menu: a platform shows a different one in each."""

    PRIVATE = "private"  # private chats
    GROUP = "group"  # group chats, for every member
    MODERATORS = "moderators"  # group chats, for their moderators


class Where(StrEnum):
    """Where a command makes sense."""

    ANY = "any"
    GROUP = "group"
    PRIVATE = "private"


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
    # The group chat's community (None in a private chat).
    community_id: int | None = None
    # Set by the router for a command with power MODERATOR or OPERATOR: who acts, and on
    # what (one community, or the whole catalogue).
    moderator: Moderator | None = None
    # Messages that waited for this private chat are delivered just before the replies.
    waiting_delivered: bool = False
    # Where each platform's accounts live (the xAPI export names the member's account).
    home_pages: Mapping[str, str] = field(default_factory=dict)

    undo_window: timedelta = timedelta(hours=24)  # how long /undo reaches back
    # The open question this command interrupted, kept as a draft (bot.chat.drafts).
    aside: Draft | None = None

    @property
    def in_group(self) -> bool:
        return not self.incoming.chat.is_private


Parser = Callable[[str, "date"], A]
Handler = Callable[[Context, A], "list[Reply]"]


def raw_text(text: str, today: date) -> str:
    return text


@dataclass(frozen=True)
class CommandSpec(Generic[A]):
    """One command. `parse` turns the text after the command into the handler's argument:
    mypy ties the two together through `A`."""

    key: str
    names: dict[str, tuple[str, ...]]  # language -> names; the first is the one shown
    handler: Handler[A]
    parse: Parser[A]
    # What the group sees when the personal answer went to the private chat.
    ack: str = "ack.private"
    order: int = 100
    group_menu: bool = True  # listed in group chats' command menus too
    power: Power = Power.MEMBER
    where: Where = Where.ANY
    # For a command whose verbs differ (e.g. "/reviewronde status" for everyone, "start"
    # for moderators): the power needed for the given argument text; `power` is the most.
    power_of: Callable[[str], Power] | None = None
    # For a command whose argument may come alone, privately (a link code): whether a
    # message that answers no question is that argument.
    bare: Callable[[str], bool] | None = None

    @property
    def moderator_only(self) -> bool:
        return self.power is not Power.MEMBER

    def power_for(self, args: str) -> Power:
        return self.power if self.power_of is None else self.power_of(args)

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

    def refusal(self, ctx: Context, needed: Power, granted: Power) -> Reply | None:
        """A polite no when the command is not for this chat or not for this sender (the
        router asks, for every platform alike)."""
        name = self.name(ctx.member.language)
        if self.where is Where.GROUP and not ctx.in_group:
            return Reply.public("command.group_only", command=name)
        if self.where is Where.PRIVATE and ctx.in_group:
            return Reply.public("command.private_only", command=name)
        if needed is Power.OPERATOR and granted is not Power.OPERATOR:
            return Reply.public("moderation.operators_only")
        if needed is Power.MODERATOR and granted is Power.MEMBER:
            return Reply.public("moderation.refused" if ctx.in_group else "moderation.in_group")
        return None

    def run(self, ctx: Context, args: str) -> list[Reply]:
        return self.handler(ctx, self.parse(args, ctx.today))


class CommandSet:
    """Collects declarations; modules declare with the `command` decorator."""

    def __init__(self) -> None:
        self.specs: list[CommandSpec[Any]] = []

    @overload
    def command(
        self,
        key: str,
        *,
        nl: tuple[str, ...],
        en: tuple[str, ...],
        ack: str = ...,
        order: int = ...,
        group_menu: bool = ...,
        power: Power = ...,
        where: Where = ...,
        power_of: Callable[[str], Power] | None = ...,
        bare: Callable[[str], bool] | None = ...,
    ) -> Callable[[Handler[str]], Handler[str]]: ...

    @overload
    def command(
        self,
        key: str,
        *,
        nl: tuple[str, ...],
        en: tuple[str, ...],
        parse: Parser[A],
        ack: str = ...,
        order: int = ...,
        group_menu: bool = ...,
        power: Power = ...,
        where: Where = ...,
        power_of: Callable[[str], Power] | None = ...,
        bare: Callable[[str], bool] | None = ...,
    ) -> Callable[[Handler[A]], Handler[A]]: ...

    def command(
        self,
        key: str,
        *,
        nl: tuple[str, ...],
        en: tuple[str, ...],
        parse: Parser[Any] = raw_text,
        ack: str = "ack.private",
        order: int = 100,
        group_menu: bool = True,
        power: Power = Power.MEMBER,
        where: Where = Where.ANY,
        power_of: Callable[[str], Power] | None = None,
        bare: Callable[[str], bool] | None = None,
    ) -> Callable[[Handler[Any]], Handler[Any]]:
        def declare(handler: Handler[Any]) -> Handler[Any]:
            spec = CommandSpec(
                key,
                {"nl": nl, "en": en},
                handler,
                parse,
                ack,
                order,
                group_menu,
                power,
                where,
                power_of,
                bare,
            )
            self.specs.append(spec)
            return handler

        return declare


class Registry:
    def __init__(self, specs: list[CommandSpec[Any]]) -> None:
        self.specs = sorted(specs, key=lambda spec: (spec.order, spec.key))
        self._by_name: dict[str, CommandSpec[Any]] = {}
        for spec in self.specs:
            for name in spec.all_names:
                if not _VALID_NAME.match(name):
                    raise ValueError(f"command name {name!r} is not valid on every platform")
                if self._by_name.setdefault(name, spec) is not spec:
                    raise ValueError(f"command name {name!r} is declared twice")

    def find(self, name: str) -> CommandSpec[Any] | None:
        return self._by_name.get(name.lower())

    def bare(self, text: str) -> CommandSpec[Any] | None:
        """The command whose argument `text` is on its own (see CommandSpec.bare)."""
        return next((s for s in self.specs if s.bare is not None and s.bare(text)), None)

    def suggest(self, name: str) -> CommandSpec[Any] | None:
        close = difflib.get_close_matches(name.lower()[:40], list(self._by_name), n=1, cutoff=0.6)
        return self._by_name[close[0]] if close else None

    def menu(self, language: str, scope: MenuScope = MenuScope.PRIVATE) -> list[tuple[str, str]]:
        """(command name, summary key) in the given language, for platform command menus.

        Moderators' commands are listed only for moderators (in groups); personal settings
        (`group_menu=False`) only in private chats; the group menu holds what a member does
        in a group."""
        return [
            (spec.name(language), spec.summary_key) for spec in self.specs if _listed(spec, scope)
        ]


def _listed(spec: CommandSpec[Any], scope: MenuScope) -> bool:
    # A command whose verbs differ (power_of) has something for every member.
    for_moderators = spec.moderator_only and spec.power_of is None
    if scope is MenuScope.PRIVATE:
        return not for_moderators and spec.where is not Where.GROUP
    if spec.where is Where.PRIVATE or not spec.group_menu:
        return False
    return scope is MenuScope.MODERATORS or not for_moderators

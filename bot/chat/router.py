"""From an incoming message to outgoing ones: idempotent, private by construction.

One incoming message is handled in one unit of work: the message id is claimed (a
redelivery is a no-op), the member is found or created, and the command or flow answer runs
— all in one transaction. Rendering and the privacy routing happen afterwards, here, for
every command alike: in a group, a personal reply goes to the sender's private chat and the
group sees only a content-free acknowledgement."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from bot.chat import drafts, flows
from bot.chat.messages import Choice, Destination, Outgoing, TypedAnswer
from bot.chat.registry import Context, Power
from bot.chat.replies import Answer, LaterAttachment, Outcome, Reply, UsageError
from bot.domain.activities import InvalidActivity
from bot.domain.goals import InvalidGoal
from bot.domain.members import DEFAULT_TIMEZONE, LANGUAGES, zone
from bot.domain.photos import looks_like_image
from bot.i18n import Msg
from bot.metrics import NullMetrics
from bot.services.catalogue import TitleIndex
from bot.services.errors import PublicError, ServiceError
from bot.services.moderation import Moderator
from bot.services.ports import NewMember

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.chat.flows import FlowSet
    from bot.chat.messages import Incoming
    from bot.chat.registry import CommandSpec, Registry
    from bot.clock import Clock
    from bot.i18n import Translator
    from bot.metrics import Metrics
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)

MAX_INPUT = 4000
_COMMAND = re.compile(r"^/([^\s@/]{1,64})(?:@\S*)?(?:\s+(.*))?$", re.DOTALL)
# Control and format characters other than newline and tab are dropped: they break
# rendering on some platforms and are never meaningful in a portfolio entry.
_KEEP = {"\n", "\t"}
_WAITING = (100, timedelta(minutes=2))  # claimed for Router.answer: how many, how long
_AVATAR_TIMEOUT = 20.0  # seconds to fetch a platform avatar


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


@dataclass(frozen=True)
class _Command:
    spec: CommandSpec[Any]
    args: str


@dataclass(frozen=True)
class _Unknown:
    name: str


@dataclass(frozen=True)
class _Press:
    key: str


@dataclass(frozen=True)
class _Text:
    text: str
    question: str | None = None  # written in a form for this question (Incoming.answers)


@dataclass(frozen=True)
class _TooLong:
    length: int


_Route = _Command | _Unknown | _Press | _Text | _TooLong


@dataclass(frozen=True)
class RouterSettings:
    default_language: str = "nl"
    default_timezone: str = DEFAULT_TIMEZONE
    flow_ttl_minutes: int = 30
    undo_hours: float = 24
    # Operators (catalogue-wide moderators) as "platform:user id" (PORTFOLIOBOT_ADMINS).
    operators: frozenset[str] = frozenset()
    # Where each platform's accounts live (xAPI account homePage), from the adapters.
    home_pages: dict[str, str] = dataclasses.field(default_factory=dict)


class Router:
    def __init__(
        self,
        registry: Registry,
        flow_set: FlowSet,
        store: Store,
        translator: Translator,
        clock: Clock,
        settings: RouterSettings,
    ) -> None:
        self.registry = registry
        self._flows = flow_set
        self._store = store
        self._translator = translator
        self._clock = clock
        self._settings = settings
        # Called with the platform when a member who had undeliverable private messages
        # writes privately again: the platform's outbox deliverer should look now.
        self.on_unblocked: dict[str, Callable[[], None]] = {}
        self.titles = TitleIndex()
        # Files made after the transaction (exports) render two at a time at most.
        self._renders = asyncio.Semaphore(2)
        self.metrics: Metrics = NullMetrics()  # bootstrap wires the real one

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """The replies (what waited for the private chat is left to the outbox)."""
        return (await self.answer(incoming, claim_waiting=False)).replies

    async def answer(self, incoming: Incoming, *, claim_waiting: bool = True) -> Answer:
        """The replies, and what waited for the member's private chat claimed for the
        caller to send first (bot.delivery.replies), so that it arrives before them."""
        started = time.perf_counter()
        route = self._route(incoming)
        platform = incoming.chat.platform
        if route is None:
            self.metrics.message_handled(platform, "ignored", time.perf_counter() - started)
            return Answer([])
        granted = await self._granted(incoming, route)
        if isinstance(route, _Press) and self._flows.fetches_avatar(route.key):
            incoming = await self._with_avatar(incoming)
        result: Literal["ok", "error"] = "ok"
        try:
            outcome = await self._store.run(
                partial(self._transact, incoming, route, granted, claim_waiting)
            )
        except Exception:
            # The transaction rolled back, so a redelivery can still succeed.
            log.exception("could not handle message %s", incoming.message_id)
            result = "error"
            outcome = Outcome(
                self._new_member_language(incoming), [Reply.public("error.internal")]
            )
        wake = self.on_unblocked.get(platform)
        if outcome.unblocked and not outcome.waiting and wake is not None:
            wake()
        outcome.replies = [await self._finish(reply) for reply in outcome.replies]
        replies = self._deliver(incoming, outcome)
        self.metrics.message_handled(platform, result, time.perf_counter() - started)
        return Answer(replies, outcome.waiting)

    async def _with_avatar(self, incoming: Incoming) -> Incoming:
        """The press with the sender's platform avatar as its attachment (None: none)."""
        fetch = incoming.sender.avatar
        avatar = None
        if fetch is not None:
            try:
                avatar = await asyncio.wait_for(fetch(), _AVATAR_TIMEOUT)
            except Exception:
                log.exception("could not fetch the avatar of %s", incoming.sender.id)
        return dataclasses.replace(incoming, attachment=avatar)

    async def _finish(self, reply: Reply) -> Reply:
        later = reply.attachment
        if not isinstance(later, LaterAttachment):
            return reply
        try:
            async with self._renders:
                made = await asyncio.to_thread(later.build)
        except Exception:
            log.exception("could not make a file")
            return Reply((Msg.of("error.internal"),))
        return dataclasses.replace(reply, attachment=made)

    def _route(self, incoming: Incoming) -> _Route | None:
        if incoming.choice is not None:
            return _Press(incoming.choice[:200])
        if len(incoming.text) > MAX_INPUT:
            return _TooLong(len(incoming.text))
        text = clean_text(incoming.text)
        if incoming.answers is not None:  # a form's answer: addressed to the bot, never a command
            return _Text(text, incoming.answers[:64])
        match = _COMMAND.match(text)
        file = incoming.attachment
        if file is not None and match is None and incoming.chat.is_private:
            # A file on its own, privately, is a profile photo when it is an image, else a
            # portfolio to restore. Files shared in a group are none of our business.
            image = looks_like_image(file.content, file.media_type)
            spec = self.registry.find("photo" if image else "import")
            if spec is not None:
                return _Command(spec, "")
        if match:
            name, args = match.group(1), (match.group(2) or "").strip()
            spec = self.registry.find(name)
            return _Command(spec, args) if spec else _Unknown(name)
        if text.startswith("/"):  # "/", "/ log", "//": meant as a command, so answered
            return _Unknown(text[1:].strip().split(" ")[0])
        if not incoming.chat.is_private:
            return None  # ordinary chatter in a group is none of our business
        return _Text(text)

    async def _granted(self, incoming: Incoming, route: _Route) -> Power:
        """The power the sender has for this command. The platform is asked whether the
        sender moderates the group only when the command needs a moderator."""
        if not isinstance(route, _Command):
            return Power.MEMBER
        needed = route.spec.power_for(route.args)
        if needed is Power.MEMBER:
            return Power.MEMBER
        sender = incoming.sender
        if f"{sender.platform}:{sender.id}" in self._settings.operators:
            return Power.OPERATOR
        if needed is Power.MODERATOR and not incoming.chat.is_private:
            try:
                if await sender.moderates():
                    return Power.MODERATOR
            except Exception:
                log.exception("could not ask whether %s moderates", sender.id)
        return Power.MEMBER

    def _new_member_language(self, incoming: Incoming) -> str:
        hint = (incoming.sender.language_hint or "")[:2].lower()
        return hint if hint in LANGUAGES else self._settings.default_language

    def _transact(
        self, incoming: Incoming, route: _Route, granted: Power, claim: bool, uow: UnitOfWork
    ) -> Outcome:
        now = self._clock.now()
        if not uow.inbox.claim(incoming.chat.platform, incoming.message_id, now):
            return Outcome(self._settings.default_language, duplicate=True)
        sender = incoming.sender
        member = uow.members.by_identity(sender.platform, sender.id)
        if member is None:
            new = NewMember(
                display_name=sender.display_name[:100] or sender.id[:100],
                language=self._new_member_language(incoming),
                timezone=self._settings.default_timezone,
                now=now,
            )
            member = uow.members.create_with_identity(sender.platform, sender.id, new)
        handle = sender.handle[:255]  # as the store keeps it
        if handle and handle != member.handle:
            # Kept current, so that a mention by @username finds the member (/intro); it is
            # passed on only when the member says yes to an introduction. Written only
            # when it changed: by_identity read it with the member, at no extra cost.
            uow.members.set_handle(sender.platform, sender.id, handle)
        outcome = Outcome(member.language)
        community_id: int | None = None
        if incoming.chat.is_private:
            # Messages owed to the member go where they last wrote privately (and what
            # was blocked on their other platforms comes here).
            uow.linking.touch_private(sender.platform, sender.id, now)
            # Writing privately proves the private chat works: what waited for it is due.
            outcome.unblocked = uow.outbox.unblock(sender.platform, sender.id, now) > 0
            if outcome.unblocked and claim:
                most, lease = _WAITING
                outcome.waiting = uow.outbox.claim(
                    sender.platform, now, most, now + lease, user_id=sender.id
                )
        else:
            community_id = uow.communities.join(
                incoming.chat.platform,
                incoming.chat.id,
                incoming.chat.title[:200],
                member.id,
                sender.is_moderator,
                now,
            )
        ctx = Context(
            uow,
            member,
            incoming,
            now,
            now.astimezone(zone(member.timezone)).date(),
            self._settings.flow_ttl_minutes,
            self.registry,
            self.titles,
            self._translator,
            community_id,
            waiting_delivered=bool(outcome.waiting),
            undo_window=timedelta(hours=self._settings.undo_hours),
            home_pages=self._settings.home_pages,
        )
        outcome.replies = self._dispatch(ctx, route, outcome, granted)
        outcome.language = ctx.member.language  # /taal may just have changed it
        return outcome

    def _dispatch(
        self, ctx: Context, route: _Route, outcome: Outcome, granted: Power
    ) -> list[Reply]:
        if isinstance(route, _Command):
            # A new command ends an open question, which is kept as a draft, never lost.
            ctx.aside = drafts.set_aside(ctx)
        replies = self._run(ctx, route, outcome, granted)
        if ctx.aside is not None:  # still kept (/annuleer drops it on purpose)
            replies.append(drafts.note(ctx.aside))
        return replies

    def _run(self, ctx: Context, route: _Route, outcome: Outcome, granted: Power) -> list[Reply]:
        try:
            match route:
                case _Command(spec, args):
                    refused = spec.refusal(ctx, spec.power_for(args), granted)
                    if refused is not None:
                        return [refused]
                    if granted is not Power.MEMBER:
                        scope = None if granted is Power.OPERATOR else ctx.community_id
                        ctx.moderator = Moderator(ctx.member.id, scope)
                    outcome.ack = spec.ack
                    return list(spec.run(ctx, args))
                case _Unknown(name):
                    return [self._unknown(name, ctx.member.language)]
                case _Press(key):
                    return flows.answer(ctx, self._flows, key, None) or []
                case _Text(text, question):
                    answered = flows.answer(ctx, self._flows, None, text, question=question)
                    bare = self.registry.bare(text) if answered is None else None
                    if bare is not None:  # a command's argument on its own (a link code)
                        return list(bare.run(ctx, text))
                    return (
                        answered if answered is not None else [Reply.public("hint.not_a_command")]
                    )
                case _TooLong(length):
                    return [Reply.public("error.too_long", length=length, max=MAX_INPUT)]
        except UsageError as error:
            parts = [error.msg]
            if isinstance(route, _Command):
                parts += [Msg.of("usage.example_line"), Msg.of(route.spec.example_key)]
            return [Reply(tuple(parts), personal=False)]
        except ServiceError as error:
            public = isinstance(error, PublicError)
            return [Reply((Msg(error.key, error.params),), personal=not public)]
        except (InvalidActivity, InvalidGoal) as error:
            return [Reply.of(error.reason)]
        return []

    def _unknown(self, name: str, language: str) -> Reply:
        close = self.registry.suggest(name)
        if close is None:
            return Reply.public("error.unknown_command", name=name[:40])
        return Reply(
            (
                Msg.of("error.unknown_command", name=name[:40]),
                Msg.of("error.did_you_mean", command=close.name(language)),
            ),
            personal=False,
        )

    def _typed_answer(self, reply: Reply, language: str) -> TypedAnswer | None:
        if not reply.typed_answer:
            return None
        button = self._translator.render(language, Msg.of("answers.button")).plain
        return TypedAnswer(reply.typed_answer, button, language)

    def _deliver(self, incoming: Incoming, outcome: Outcome) -> list[Outgoing]:
        if outcome.duplicate:
            return []
        language = outcome.language
        in_group = not incoming.chat.is_private
        sent: list[Outgoing] = []
        went_private = False
        for reply in outcome.replies:
            made = reply.attachment
            private = in_group and reply.personal
            went_private |= private
            choices = tuple(
                Choice(choice.key, self._translator.render(language, choice.label).plain)
                for choice in reply.choices
            )
            sent.append(
                Outgoing(
                    self._translator.render_lines(language, reply.parts),
                    Destination.PRIVATE if private else Destination.HERE,
                    choices,
                    None if isinstance(made, LaterAttachment) else made,
                    toast=reply.toast,
                    typed_answer=self._typed_answer(reply, language),
                )
            )
        if went_private:
            kind = outcome.group_ack
            ack = self._translator.render(language, Msg.of(kind))
            sent.insert(0, Outgoing(ack, Destination.HERE, is_ack=True, ack_kind=kind))
        return sent

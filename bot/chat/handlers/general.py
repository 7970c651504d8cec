"""/start, /help, /language, /cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat import drafts
from bot.chat.flows import FlowSet, ask
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.i18n import Msg

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()

_LANGUAGES = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "engels": "en",
    "english": "en",
}


@commands.command("start", nl=("start",), en=("start",), order=1)
def start(ctx: Context, args: str) -> list[Reply]:
    # /start may carry a deep-link payload on some platforms; it needs no answer of its own.
    # When what the member asked for in a group waited for this chat, it has just arrived
    # above: the welcome then points at it instead of suggesting a command to try.
    last = Msg.of("delivery.after_waiting") if ctx.waiting_delivered else Msg.of("start.try")
    return [
        Reply(
            (Msg.of("start.welcome", name=ctx.member.display_name), Msg.of("start.intro"), last),
            personal=False,
        )
    ]


@commands.command("help", nl=("hulp",), en=("help",), order=2)
def help_(ctx: Context, args: str) -> list[Reply]:
    language = ctx.member.language
    wanted = args.lstrip("/").split(" ")[0].lower()
    if wanted:
        spec = ctx.commands.find(wanted)
        if spec is None:
            raise UsageError("help.unknown", name=wanted[:40])
        names = ", ".join(f"/{name}" for name in spec.all_names)
        return [
            Reply(
                (
                    Msg.of("help.command", names=names),
                    Msg.of(spec.summary_key),
                    Msg.of("usage.example_line"),
                    Msg.of(spec.example_key),
                ),
                personal=False,
            )
        ]
    parts = [Msg.of("help.header")]
    for spec in ctx.commands.specs:
        parts.append(
            Msg.of("help.line", name=spec.name(language), summary=Msg.of(spec.summary_key))
        )
        parts.append(Msg.of("help.example", example=Msg.of(spec.example_key)))
    parts.append(Msg.of("help.footer"))
    return [Reply(tuple(parts), personal=False)]


def parse_language(text: str, today: date) -> str | None:
    if not text:
        return None
    language = _LANGUAGES.get(text.lower())
    if language is None:
        raise UsageError("language.unknown", given=text[:30])
    return language


@commands.command(
    "language",
    nl=("taal",),
    en=("language",),
    parse=parse_language,
    ack="ack.changed",
    order=90,
    group_menu=False,
)
def language(ctx: Context, choice: str | None) -> list[Reply]:
    if choice is None:
        question = (Msg.of("language.ask"),)
        options = [("nl", Msg.of("language.name_nl")), ("en", Msg.of("language.name_en"))]
        return [ask(ctx, "language", question, options)]
    return _set_language(ctx, choice)


def _set_language(ctx: Context, choice: str) -> list[Reply]:
    ctx.member.language = choice
    ctx.uow.members.save(ctx.member)
    return [Reply.done("language.set")]


@flows.flow("language")
def answer_language(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    picked = choice or _LANGUAGES.get((text or "").lower())
    if picked is None:
        return [Reply.public("language.unknown", given=(text or "")[:30])]
    ctx.uow.flows.clear(ctx.member.id)
    return _set_language(ctx, picked)


@commands.command("cancel", nl=("annuleer", "stop"), en=("cancel",), order=98, group_menu=False)
def cancel(ctx: Context, args: str) -> list[Reply]:
    # The router has already set any open question aside as a draft: cancelling means
    # the member does not want it kept.
    aside, ctx.aside = ctx.aside, None
    if aside is None:
        return [Reply.public("cancel.done")]
    drafts.discard_aside(ctx, aside)
    return [Reply.done("cancel.dropped", question=drafts.question_of(aside)[0])]

"""/suggest (/suggestie): members propose a missing offering; operators list them
(/suggestions, /suggesties) and approve (/approve, /goedkeuren) or reject (/reject,
/afwijzen). The member hears the outcome privately (bot.services.suggestions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat import wire
from bot.chat.flows import FlowSet
from bot.chat.handlers.common import is_url
from bot.chat.handlers.reviews import review_number
from bot.chat.messages import Outgoing
from bot.chat.registry import CommandSet, Power
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.catalogue import SuggestionState
from bot.i18n import Msg
from bot.services import suggestions as service
from bot.services.suggestions import DecideSuggestion, SuggestOffering

if TYPE_CHECKING:
    from bot.chat.registry import Context

commands = CommandSet()
flows = FlowSet()  # none: every step is a command


def _parse(text: str) -> tuple[str, str, str]:
    words = text.split()
    url = next((word for word in words if is_url(word)), "")
    rest = " ".join(word for word in words if word != url)
    title, _, provider = rest.partition(";")
    return " ".join(title.split()), " ".join(provider.split()), url


@commands.command("suggest", nl=("suggestie",), en=("suggest",), order=240)
def suggest(ctx: Context, args: str) -> list[Reply]:
    title, provider, url = _parse(args)
    if not title:
        raise UsageError("suggest.usage")
    cmd = SuggestOffering(ctx.member.id, title, provider, url, ctx.now)
    number = service.suggest_offering(cmd, ctx.uow)
    return [Reply.done("suggest.saved", id=number, title=title)]


@commands.command(
    "suggestions", nl=("suggesties",), en=("suggestions",), order=241, power=Power.OPERATOR
)
def suggestions(ctx: Context, args: str) -> list[Reply]:
    assert ctx.moderator is not None
    pending = service.pending_suggestions(ctx.moderator, ctx.uow)
    if not pending:
        return [Reply.of("suggest.none")]
    parts = [Msg.of("suggest.header", n=len(pending))]
    for item in pending:
        parts.append(
            Msg.of(
                "suggest.line",
                id=item.id,
                title=item.title,
                provider=item.provider or "—",
                url=item.url or "—",
                author=item.author,
            )
        )
    parts.append(Msg.of("suggest.how"))
    return [Reply(tuple(parts))]


def _decide(ctx: Context, args: str, state: SuggestionState) -> list[Reply]:
    assert ctx.moderator is not None and ctx.translator is not None
    approve = state is SuggestionState.APPROVED
    number, reason = review_number(
        args, "suggest.approve_usage" if approve else "suggest.reject_usage"
    )
    translator = ctx.translator

    def note(language: str, key: str, params: dict[str, Any]) -> dict[str, Any]:
        return wire.dump(Outgoing(translator.render_lines(language, (Msg(key, params),))))

    cmd = DecideSuggestion(
        ctx.moderator,
        number,
        state,
        reason,
        ctx.now,
        ctx.incoming.chat.platform,
        translator.text(ctx.member.language, "suggest.unknown_provider"),
        note,
    )
    item = service.decide_suggestion(cmd, ctx.uow)
    key = "suggest.approved" if approve else "suggest.rejected"
    return [Reply((Msg.of(key, id=number, title=item.title),), False, effect=Effect.CHANGED)]


@commands.command(
    "approve", nl=("goedkeuren",), en=("approve",), order=242, power=Power.OPERATOR
)
def approve(ctx: Context, args: str) -> list[Reply]:
    return _decide(ctx, args, SuggestionState.APPROVED)


@commands.command("reject", nl=("afwijzen",), en=("reject",), order=243, power=Power.OPERATOR)
def reject(ctx: Context, args: str) -> list[Reply]:
    return _decide(ctx, args, SuggestionState.REJECTED)

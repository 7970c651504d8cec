"""/suggest (/suggestie): members propose a missing offering; moderators list them
(/suggestions, /suggesties) and approve (/approve, /goedkeuren) or reject (/reject,
/afwijzen). The member hears the outcome privately, through the outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.flows import FlowSet
from bot.chat.handlers.common import is_url
from bot.chat.handlers.reviews import refuse_non_moderator, review_number
from bot.chat.messages import Outgoing
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.catalogue import MAX_REASON, ModerationAction, OfferingData, SuggestionState
from bot.i18n import Msg
from bot.services.private_messages import PrivateMessage, member_language, queue_private

if TYPE_CHECKING:
    from bot.chat.registry import Context

commands = CommandSet()
flows = FlowSet()  # none: every step is a command
MAX_TITLE = 300
MAX_PROVIDER = 200
LIST_LIMIT = 20


def _parse(text: str) -> tuple[str, str, str]:
    words = text.split()
    url = next((word for word in words if is_url(word)), "")
    rest = " ".join(word for word in words if word != url)
    title, _, provider = rest.partition(";")
    return " ".join(title.split()), " ".join(provider.split()), url


def notify(ctx: Context, member_id: int, key: str, msg: Msg) -> None:
    """A private message to `member_id` on this platform, through the outbox."""
    language = member_language(ctx.uow, member_id)
    if language is None or ctx.translator is None:
        return
    text = ctx.translator.render_lines(language, (msg,))
    message = PrivateMessage(
        member_id, key, wire.dump(Outgoing(text)), platform=ctx.incoming.chat.platform
    )
    queue_private(ctx.uow, message, ctx.now)


@commands.command("suggest", nl=("suggestie",), en=("suggest",), order=240)
def suggest(ctx: Context, args: str) -> list[Reply]:
    title, provider, url = _parse(args)
    if not title:
        raise UsageError("suggest.usage")
    if len(title) > MAX_TITLE or len(provider) > MAX_PROVIDER:
        raise UsageError("suggest.too_long", max=MAX_TITLE)
    number = ctx.uow.suggestions.add(ctx.member.id, title, provider, url, ctx.now)
    return [Reply.of("suggest.saved", id=number, title=title)]


@commands.command("suggestions", nl=("suggesties",), en=("suggestions",), order=241)
def suggestions(ctx: Context, args: str) -> list[Reply]:
    refused = refuse_non_moderator(ctx)
    if refused:
        return refused
    pending = ctx.uow.suggestions.pending(LIST_LIMIT)
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
    refused = refuse_non_moderator(ctx)
    if refused:
        return refused
    usage = (
        "suggest.approve_usage" if state is SuggestionState.APPROVED else "suggest.reject_usage"
    )
    number, reason = review_number(args, usage)
    item = ctx.uow.suggestions.get(number)
    if item is None:
        return [Reply.public("suggest.unknown", id=number)]
    if not ctx.uow.suggestions.decide(number, state, ctx.member.id, ctx.now):
        return [Reply.public("suggest.decided_already", id=number)]
    key = f"suggestion:{number}"
    if state is SuggestionState.APPROVED:
        unknown = (
            ctx.translator.text(ctx.member.language, "suggest.unknown_provider")
            if (ctx.translator)
            else "?"
        )
        offering = OfferingData(
            ref=f"suggestie-{number}",
            title=item.title,
            provider=item.provider or unknown,
            url=item.url,
        )
        ctx.uow.catalogue.import_batch([offering], ctx.now)
        ctx.uow.reviews.log(ctx.member.id, ModerationAction.APPROVE, None, item.title, ctx.now)
        notify(ctx, item.member_id, key, Msg.of("suggest.approved_note", title=item.title))
        return [Reply.public("suggest.approved", id=number, title=item.title)]
    detail = f"{item.title}: {reason}" if reason else item.title
    ctx.uow.reviews.log(ctx.member.id, ModerationAction.REJECT, None, detail[:MAX_REASON], ctx.now)
    note = Msg.of("suggest.rejected_note", title=item.title, reason=reason or "—")
    notify(ctx, item.member_id, key, note)
    return [Reply.public("suggest.rejected", id=number, title=item.title)]


@commands.command("approve", nl=("goedkeuren",), en=("approve",), order=242)
def approve(ctx: Context, args: str) -> list[Reply]:
    return _decide(ctx, args, SuggestionState.APPROVED)


@commands.command("reject", nl=("afwijzen",), en=("reject",), order=243)
def reject(ctx: Context, args: str) -> list[Reply]:
    return _decide(ctx, args, SuggestionState.REJECTED)

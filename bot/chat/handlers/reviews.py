"""/review (/beoordeel), /flag (/meld), and for moderators /hide (/verberg), /unhide
(/toon) and /modlog (/moderatielog)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, action_choice, ask
from bot.chat.handlers.catalogue import choose, lookup, stars
from bot.chat.parsing.stars import bare_half, find_stars
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.catalogue import (
    MAX_REASON,
    MAX_REVIEW_TEXT,
    REVIEWS_PER_HOUR,
    ModerationAction,
)
from bot.i18n import Label, Msg
from bot.services.ports import ReviewInput

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.catalogue import Offering
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()

_ANONYMOUS = {"#anoniem", "#anonymous", "#anon"}
_QUOTED = re.compile(r'^["“”\'](.+?)["“”\']\s*(.*)$', re.DOTALL)
_RATING = re.compile(r"^([1-5])(?:\s*(?:/\s*5|★|\*|sterren|ster|stars?))?$", re.IGNORECASE)
_STAR_WORDS = {"sterren", "ster", "stars", "star", "★", "/5", "*"}
_ID = re.compile(r"^#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL)
AUDIT_LIMIT = 20
# Typed instead of pressed: these answer the question rather than become the review text.
_TYPED_CHOICES = {
    "anoniem": "anon",
    "anoniem maken": "anon",
    "anonymous": "anon",
    "make anonymous": "anon",
    "zo laten": "done",
    "klaar": "done",
    "nee": "done",
    "leave it": "done",
    "done": "done",
    "no": "done",
}


@dataclass(frozen=True)
class ReviewArgs:
    name: str
    rating: int | None
    text: str
    anonymous: bool


def parse_review(text: str, today: object) -> ReviewArgs:
    words = text.split()
    anonymous = any(word.lower() in _ANONYMOUS for word in words)
    text = " ".join(word for word in text.split(" ") if word.lower() not in _ANONYMOUS).strip()
    if not text:
        raise UsageError("review.usage")
    quoted = _QUOTED.match(text)
    name, rest = (quoted.group(1).strip(), quoted.group(2).strip()) if quoted else ("", text)
    if spelled := _spelled_stars(name, rest, anonymous):
        return spelled
    if quoted:
        name, rest = quoted.group(1).strip(), quoted.group(2).strip()
        head, _, tail = rest.partition(" ")
        rating = _RATING.match(head)
        if rest and not rating:
            raise UsageError("review.bad_rating")
        return ReviewArgs(
            name, int(rating.group(1)) if rating else None, _without_unit(tail), anonymous
        )
    tokens = text.split(" ")
    # The name runs up to the first word that is a rating: "Rekenen 3F 4 sterk!"
    for index, token in enumerate(tokens[1:], 1):
        rating = _RATING.match(token.strip())
        if rating:
            name = " ".join(tokens[:index]).strip()
            rest = _without_unit(" ".join(tokens[index + 1 :]))
            return ReviewArgs(name, int(rating.group(1)), rest, anonymous)
    return ReviewArgs(text, None, "", anonymous)


def _spelled_stars(name: str, rest: str, anonymous: bool) -> ReviewArgs | None:
    """ "vier sterren", "****", "4/5" after the name (see bot.chat.parsing.stars)."""
    found = find_stars(rest)
    if found is None or (found.start > 0) == bool(name):
        half = next((t for t in rest.split()[0 if name else 1 :] if bare_half(t)), None)
        if half is not None:
            raise UsageError("stars.whole_only")
        return None
    if found.error is not None:
        raise UsageError(found.error)
    name = name or rest[: found.start].strip()
    return ReviewArgs(name, found.rating, rest[found.end :].strip(), anonymous)


def _without_unit(text: str) -> str:
    """ "sterren Goed!" after "4" -> "Goed!"."""
    head, _, tail = text.strip().partition(" ")
    return tail.strip() if head.lower() in _STAR_WORDS else text.strip()


def rate_limited(ctx: Context) -> bool:
    since = ctx.now - timedelta(hours=1)
    return ctx.uow.reviews.count_since(ctx.member.id, since) >= REVIEWS_PER_HOUR


def save_review(
    ctx: Context,
    offering: Offering,
    rating: int,
    text: str | None,
    anonymous: bool | None,
) -> list[Reply]:
    """Store the member's review, answer privately and offer to add text or anonymity."""
    if text is not None and len(text) > MAX_REVIEW_TEXT:
        return [Reply.of("review.too_long", length=len(text), max=MAX_REVIEW_TEXT)]
    if ctx.uow.reviews.mine(offering.id, ctx.member.id) is None and rate_limited(ctx):
        return [Reply.of("review.rate_limited", n=REVIEWS_PER_HOUR)]
    review, new = ctx.uow.reviews.put(
        ReviewInput(offering.id, ctx.member.id, rating, ctx.now, text, anonymous)
    )
    ctx.uow.catalogue.refresh_rating(offering.id)
    key = "review.saved" if new else "review.updated"
    parts = [
        Msg.of(
            key, title=offering.title, stars=stars(review.rating), date=review.created_at.date()
        )
    ]
    parts.append(
        Msg.of("review.shown_as_anonymous" if review.anonymous else "review.shown_as_name")
    )
    if review.text:
        return [Reply(tuple(parts))]
    question = (*parts, Msg.of("review.ask_text", max=MAX_REVIEW_TEXT))
    choices = [("anon", Msg.of("review.choice_anonymous")), ("done", Msg.of("review.choice_done"))]
    return [ask(ctx, "review_text", question, choices, {"offering": offering.id})]


@commands.command("review", nl=("beoordeel",), en=("review",), parse=parse_review, order=215)
def review(ctx: Context, args: ReviewArgs) -> list[Reply]:
    found = lookup(ctx, args.name)
    if found.found is None:
        return [choose(found, "course", args.name)]
    offering = found.found
    if args.rating is None:
        parts = (Msg.of("review.ask_stars", title=offering.title),)
        choices = tuple(
            action_choice("rate", f"{offering.id}:{n}", Msg.of("review.star_button", n=n))
            for n in range(1, 6)
        )
        return [Reply(parts, choices=choices)]
    return save_review(ctx, offering, args.rating, args.text or None, args.anonymous or None)


def _offering_and_stars(ctx: Context, argument: str) -> tuple[Offering, int] | None:
    offering_id, _, rating = argument.partition(":")
    if not (offering_id.isdigit() and rating in {"1", "2", "3", "4", "5"}):
        return None
    offering = ctx.uow.catalogue.get(int(offering_id))
    return (offering, int(rating)) if offering else None


@flows.action("rate")
def rate_pressed(ctx: Context, argument: str) -> list[Reply]:
    found = _offering_and_stars(ctx, argument)
    if found is None:
        return [Reply.public("flow.expired")]
    return save_review(ctx, found[0], found[1], None, None)


@flows.flow("review_text")
def review_text(
    ctx: Context, flow: PendingFlow, pressed: str | None, text: str | None
) -> list[Reply]:
    offering = ctx.uow.catalogue.get(int(flow.data["offering"]))
    mine = ctx.uow.reviews.mine(offering.id, ctx.member.id) if offering else None
    ctx.uow.flows.clear(ctx.member.id)
    if offering is None or mine is None:
        return [Reply.public("flow.expired")]
    pressed = pressed or _TYPED_CHOICES.get((text or "").strip().casefold().rstrip(".!"))
    if pressed == "done":
        return [Reply.of("review.thanks")]
    if pressed == "anon":
        ctx.uow.reviews.put(
            ReviewInput(offering.id, ctx.member.id, mine.rating, ctx.now, None, True)
        )
        return [Reply.of("review.now_anonymous", title=offering.title)]
    typed = (text or "").strip()
    if len(typed) > MAX_REVIEW_TEXT:
        # The question stays open: shorten it and send it again.
        return [
            ask(
                ctx,
                "review_text",
                (Msg.of("review.too_long", length=len(typed), max=MAX_REVIEW_TEXT),),
                [("done", Msg.of("review.choice_done"))],
                {"offering": offering.id},
            )
        ]
    ctx.uow.reviews.put(ReviewInput(offering.id, ctx.member.id, mine.rating, ctx.now, typed, None))
    return [Reply.of("review.text_saved", title=offering.title)]


def review_number(text: str, usage: str) -> tuple[int, str]:
    match = _ID.match(text.strip())
    if not match:
        raise UsageError(usage)
    return int(match.group(1)), (match.group(2) or "").strip()


@commands.command("flag", nl=("meld",), en=("flag",), order=220)
def flag(ctx: Context, args: str) -> list[Reply]:
    review_id, reason = review_number(args, "flag.usage")
    if not reason:
        raise UsageError("flag.reason_missing")
    if len(reason) > MAX_REASON:
        raise UsageError("flag.reason_too_long", max=MAX_REASON)
    found = ctx.uow.reviews.get(review_id)
    if found is None:
        return [Reply.public("review.unknown", id=review_id)]
    ctx.uow.reviews.flag(review_id, ctx.member.id, reason, ctx.now)
    ctx.uow.reviews.log(ctx.member.id, ModerationAction.FLAG, review_id, reason, ctx.now)
    return [Reply.of("flag.thanks", id=review_id)]


def refuse_non_moderator(ctx: Context) -> list[Reply] | None:
    if ctx.incoming.sender.is_moderator:
        return None
    return [Reply.public("moderation.refused")]


def _set_hidden(ctx: Context, args: str, hidden: bool) -> list[Reply]:
    refused = refuse_non_moderator(ctx)
    if refused:
        return refused
    review_id, reason = review_number(args, "hide.usage" if hidden else "unhide.usage")
    found = ctx.uow.reviews.get(review_id)
    if found is None:
        return [Reply.public("review.unknown", id=review_id)]
    if not ctx.uow.reviews.set_hidden(review_id, hidden):
        return [Reply.public("hide.already" if hidden else "unhide.already", id=review_id)]
    ctx.uow.catalogue.refresh_rating(found.offering_id)
    action = ModerationAction.HIDE if hidden else ModerationAction.UNHIDE
    ctx.uow.reviews.log(ctx.member.id, action, review_id, reason[:MAX_REASON], ctx.now)
    return [Reply.public("hide.done" if hidden else "unhide.done", id=review_id)]


@commands.command("hide", nl=("verberg",), en=("hide",), order=225)
def hide(ctx: Context, args: str) -> list[Reply]:
    return _set_hidden(ctx, args, True)


@commands.command("unhide", nl=("toon",), en=("unhide",), order=226)
def unhide(ctx: Context, args: str) -> list[Reply]:
    return _set_hidden(ctx, args, False)


@commands.command("modlog", nl=("moderatielog",), en=("modlog",), order=227)
def modlog(ctx: Context, args: str) -> list[Reply]:
    refused = refuse_non_moderator(ctx)
    if refused:
        return refused
    entries = ctx.uow.reviews.audit(AUDIT_LIMIT)
    if not entries:
        return [Reply.of("modlog.empty")]
    parts = [Msg.of("modlog.header", n=len(entries))]
    for entry in entries:
        parts.append(
            Msg.of(
                "modlog.line",
                date=entry.at.date(),
                who=entry.moderator,
                action=Label(f"modlog.action.{entry.action.value}"),
                id=entry.review_id if entry.review_id is not None else "—",
                detail=entry.detail or "—",
            )
        )
    return [Reply(tuple(parts))]

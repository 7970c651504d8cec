"""/review (/beoordeel), /flag (/meld), and for moderators /hide (/verberg), /unhide
(/toon) and /modlog (/moderatielog)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.catalogue import choose, lookup
from bot.chat.parsing.stars import bare_half, find_stars
from bot.chat.registry import CommandSet, Power
from bot.chat.render import star_buttons, stars
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.catalogue import MAX_REVIEW_TEXT
from bot.i18n import Label, Msg
from bot.services import reviews
from bot.services.reviews import FlagReview, HideReview, RateOffering

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
# Typed instead of pressed: these answer the question rather than become the review text.
_TYPED_CHOICES = {
    "anoniem": "anon",
    "anoniem maken": "anon",
    "anonymous": "anon",
    "make anonymous": "anon",
    "toon mijn naam": "named",
    "naam tonen": "named",
    "show my name": "named",
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


def save_review(
    ctx: Context,
    offering: Offering,
    rating: int,
    text: str | None,
    anonymous: bool | None,
    *,
    extra: tuple[Msg, ...] = (),
) -> list[Reply]:
    """Store the member's review, answer privately and offer to add text or anonymity."""
    cmd = RateOffering(ctx.member.id, offering.id, rating, ctx.now, text, anonymous)
    rated = reviews.rate_offering(cmd, ctx.uow)
    review = rated.review
    key = "review.saved" if rated.new else "review.updated"
    parts = [
        *extra,
        Msg.of(
            key, title=offering.title, stars=stars(review.rating), date=review.created_at.date()
        ),
        Msg.of("review.shown_as_anonymous" if review.anonymous else "review.shown_as_name"),
    ]
    if review.text:
        return [Reply(tuple(parts), effect=Effect.CHANGED)]
    question = (*parts, Msg.of("review.ask_text", max=MAX_REVIEW_TEXT))
    anonymity = (
        ("named", Msg.of("review.choice_named"))
        if review.anonymous
        else ("anon", Msg.of("review.choice_anonymous"))
    )
    choices = [anonymity, ("done", Msg.of("review.choice_done"))]
    return [ask(ctx, "review_text", question, choices, {"offering": offering.id}, typed=True)]


@commands.command("review", nl=("beoordeel",), en=("review",), parse=parse_review, order=215)
def review(ctx: Context, args: ReviewArgs) -> list[Reply]:
    found = lookup(ctx, args.name)
    if found.found is None:
        return [choose(found, "course", args.name)]
    offering = found.found
    if args.rating is None:
        parts = (Msg.of("review.ask_stars", title=offering.title),)
        return [Reply(parts, choices=star_buttons("rate", offering.id))]
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
    if pressed in ("anon", "named"):
        anonymous = pressed == "anon"
        cmd = RateOffering(ctx.member.id, offering.id, mine.rating, ctx.now, None, anonymous)
        reviews.rate_offering(cmd, ctx.uow)
        key = "review.now_anonymous" if anonymous else "review.now_named"
        now = Msg.of(key, title=offering.title)
        if mine.text:
            return [Reply((now,), effect=Effect.CHANGED)]
        # Still no text: the question stays open for it.
        question = (now, Msg.of("review.ask_text", max=MAX_REVIEW_TEXT))
        choices = [("done", Msg.of("review.choice_done"))]
        return [ask(ctx, "review_text", question, choices, {"offering": offering.id}, typed=True)]
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
                typed=True,
            )
        ]
    cmd = RateOffering(ctx.member.id, offering.id, mine.rating, ctx.now, typed, None)
    reviews.rate_offering(cmd, ctx.uow)
    return [Reply((Msg.of("review.text_saved", title=offering.title),), effect=Effect.CHANGED)]


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
    cmd = FlagReview(ctx.member.id, review_id, reason, ctx.now, ctx.community_id)
    reviews.flag_review(cmd, ctx.uow)
    return [Reply((Msg.of("flag.thanks", id=review_id),), effect=Effect.CHANGED)]


def _set_hidden(ctx: Context, args: str, hidden: bool) -> list[Reply]:
    assert ctx.moderator is not None  # the router let only moderators in
    review_id, reason = review_number(args, "hide.usage" if hidden else "unhide.usage")
    reviews.hide_review(HideReview(ctx.moderator, review_id, hidden, reason, ctx.now), ctx.uow)
    key = "hide.done" if hidden else "unhide.done"
    return [Reply((Msg.of(key, id=review_id),), personal=False, effect=Effect.CHANGED)]


@commands.command("hide", nl=("verberg",), en=("hide",), order=225, power=Power.MODERATOR)
def hide(ctx: Context, args: str) -> list[Reply]:
    return _set_hidden(ctx, args, True)


@commands.command("unhide", nl=("toon",), en=("unhide",), order=226, power=Power.MODERATOR)
def unhide(ctx: Context, args: str) -> list[Reply]:
    return _set_hidden(ctx, args, False)


@commands.command("modlog", nl=("moderatielog",), en=("modlog",), order=227, power=Power.MODERATOR)
def modlog(ctx: Context, args: str) -> list[Reply]:
    assert ctx.moderator is not None
    entries = reviews.moderation_log(ctx.moderator, ctx.uow)
    if not entries:
        return [Reply.of("modlog.empty")]
    parts = [Msg.of("modlog.header", n=len(entries))]
    for entry in entries:
        parts.append(
            Msg.of(
                "modlog.line",
                date=entry.at.date(),
                # An operator sees every community's entries: where each happened.
                who=f"{entry.moderator} @ {entry.community}"
                if ctx.moderator.is_operator and entry.community
                else entry.moderator,
                action=Label(f"modlog.action.{entry.action.value}"),
                id=entry.review_id if entry.review_id is not None else "—",
                detail=entry.detail or "—",
            )
        )
    return [Reply(tuple(parts))]

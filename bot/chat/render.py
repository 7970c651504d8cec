"""How catalogue things look: one place for handlers and bot/delivery alike (star buttons,
the offering card, the round prompt and summary, decimals in the member's language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.flows import action_choice
from bot.chat.messages import Attachment
from bot.chat.replies import Reply
from bot.domain.catalogue import Distribution
from bot.i18n import Hours, Label, Msg
from bot.services.round_chart import distribution_png

if TYPE_CHECKING:
    from bot.chat.replies import ChoiceSpec
    from bot.domain.catalogue import Offering, Review, ReviewRound
    from bot.i18n import Translator

EXCERPTS = 3


def decimal(language: str, value: float) -> str:
    """One decimal, with a decimal comma in Dutch: "4,5" / "4.5"."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def star_buttons(action: str, subject: int) -> tuple[ChoiceSpec, ...]:
    """Five buttons "1 ★" … "5 ★" that answer `action` with "<subject>:<stars>"."""
    return tuple(
        action_choice(action, f"{subject}:{n}", Msg.of("review.star_button", n=n))
        for n in range(1, 6)
    )


def offering_label(offering: Offering) -> Msg:
    return Msg.of("catalogue.choice", title=offering.title[:40], provider=offering.provider_name)


def review_line(review: Review) -> Msg:
    author = Label("review.anonymous") if review.anonymous else review.author
    key = "review.line_edited" if review.edited else "review.line"
    return Msg.of(
        key,
        id=review.id,
        stars=stars(review.rating),
        author=author,
        date=review.updated_at.date(),
        text=review.text or "—",
    )


def rating_lines(language: str, distribution: Distribution) -> list[Msg]:
    if distribution.mean is None:
        return [Msg.of("catalogue.no_reviews")]
    mean = decimal(language, distribution.mean)
    lines = [Msg.of("catalogue.rating", mean=mean, n=distribution.count)]
    for rating in range(5, 0, -1):
        n = distribution.counts[rating - 1]
        bar = "█" * round(10 * n / distribution.count)
        lines.append(Msg.of("catalogue.bar", stars=rating, bar=bar or "·", n=n))
    return lines


def offering_card(
    language: str, offering: Offering, distribution: Distribution, recent: list[Review]
) -> Reply:
    parts = [
        Msg.of("catalogue.title", title=offering.title),
        Msg.of(
            "catalogue.provider",
            provider=offering.provider_name,
            kind=Label(f"provider_kind.{offering.provider_kind.value}"),
        ),
    ]
    details: list[object] = [offering.format] if offering.format else []
    if offering.hours is not None:
        details.append(Hours(round(offering.hours * 60)))
    if offering.levels:
        details.append("/".join(level.value for level in offering.levels))
    if details:
        parts.append(Msg.of("catalogue.details", details=details))
    if offering.topics:
        parts.append(Msg.of("catalogue.topics", topics=list(offering.topics)))
    if offering.url:
        parts.append(Msg.of("catalogue.url", url=offering.url))
    parts += rating_lines(language, distribution)
    if recent:
        parts.append(Msg.of("catalogue.recent"))
        parts += [review_line(review) for review in recent]
    parts.append(Msg.of("catalogue.review_tip", title=offering.title[:60]))
    return Reply(tuple(parts), personal=False, choices=star_buttons("rate", offering.id))


def round_prompt(rnd: ReviewRound, offering: Offering) -> Reply:
    parts = (Msg.of("round.prompt", title=offering.title, deadline=rnd.deadline.date()),)
    return Reply(parts, personal=False, choices=star_buttons("round", rnd.id))


def round_summary(
    translator: Translator,
    language: str,
    rnd: ReviewRound,
    offering: Offering,
    answers: list[Review],
) -> tuple[tuple[Msg, ...], Attachment]:
    """The closing post: count, mean, distribution (text and chart), a few excerpts — by
    name only for members who chose to show it."""
    counts = [0, 0, 0, 0, 0]
    for answer in answers:
        counts[answer.rating - 1] += 1
    distribution = Distribution((counts[0], counts[1], counts[2], counts[3], counts[4]))
    parts = [Msg.of("round.summary_title", title=offering.title)]
    if distribution.mean is None:
        parts.append(Msg.of("round.summary_none"))
    else:
        mean = decimal(language, distribution.mean)
        parts.append(Msg.of("round.summary_counts", n=distribution.count, mean=mean))
        parts.append(
            Msg.of(
                "round.summary_distribution",
                counts=" · ".join(f"{n}★ {c}" for n, c in enumerate(distribution.counts, 1)),
            )
        )
    excerpts = [a for a in answers if a.text][:EXCERPTS]
    if excerpts:
        parts.append(Msg.of("round.summary_excerpts"))
        for answer in excerpts:
            text = answer.text if len(answer.text) <= 140 else answer.text[:139] + "…"
            parts.append(
                Msg.of(
                    "round.summary_excerpt",
                    text=text,
                    author=Label("review.anonymous") if answer.anonymous else answer.author,
                    stars=stars(answer.rating),
                )
            )
    chart = distribution_png(
        distribution,
        offering.title,
        translator.text(language, "round.chart_axis"),
    )
    return tuple(parts), Attachment(f"reviewronde-{rnd.id}.png", chart, "image/png")

"""/course (/cursus), /top and /provider (/aanbieder): public catalogue data, so these
replies may be shown in a group; they never show anything of a member's portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, action_choice
from bot.chat.registry import CommandSet
from bot.chat.render import decimal, offering_card, offering_label, star_buttons
from bot.chat.replies import Reply, UsageError
from bot.domain.activities import ActivityKind
from bot.i18n import Label, Msg
from bot.services.catalogue import Lookup, TitleIndex, find_provider

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.activities import Activity
    from bot.domain.catalogue import Offering

commands = CommandSet()
flows = FlowSet()

RECENT = 3
TOP = 10
MAX_NAME = 200


def lookup(ctx: Context, name: str) -> Lookup:
    if not name:
        raise UsageError("catalogue.name_missing")
    if ctx.titles is None:
        ctx.titles = TitleIndex()
    return ctx.titles.lookup(ctx.uow, name[:MAX_NAME])


def _card(ctx: Context, offering: Offering) -> Reply:
    distribution = ctx.uow.reviews.distribution(offering.id)
    recent = ctx.uow.reviews.recent(offering.id, RECENT)
    return offering_card(ctx.member.language, offering, distribution, recent)


def choose(found: Lookup, action: str, name: str) -> Reply:
    """Not one match: buttons for the candidates, or a friendly "not found"."""
    if not found.candidates:
        return Reply.public("catalogue.not_found", name=name[:60])
    return Reply(
        (Msg.of("catalogue.ambiguous", name=name[:60]),),
        personal=False,
        choices=tuple(
            action_choice(action, str(offering.id), offering_label(offering))
            for offering in found.candidates
        ),
    )


@commands.command("course", nl=("cursus",), en=("course",), ack="ack.private", order=200)
def course(ctx: Context, args: str) -> list[Reply]:
    found = lookup(ctx, args.strip())
    if found.found is None:
        return [choose(found, "course", args.strip())]
    return [_card(ctx, found.found)]


@flows.action("course")
def course_chosen(ctx: Context, argument: str) -> list[Reply]:
    offering = ctx.uow.catalogue.get(int(argument)) if argument.isdigit() else None
    if offering is None:
        return [Reply.public("flow.expired")]
    return [_card(ctx, offering)]


@commands.command("top", nl=("top",), en=("top",), order=205)
def top(ctx: Context, args: str) -> list[Reply]:
    topic = args.strip()[:60] or None
    ranked = ctx.uow.catalogue.top(topic, TOP)
    if not ranked:
        return [Reply.public("catalogue.top_empty", topic=topic or "")]
    header = Msg.of("catalogue.top_topic", topic=topic) if topic else Msg.of("catalogue.top")
    lines = [header]
    for place, offering in enumerate(ranked, 1):
        assert offering.mean is not None
        lines.append(
            Msg.of(
                "catalogue.top_line",
                place=place,
                title=offering.title,
                provider=offering.provider_name,
                mean=decimal(ctx.member.language, offering.mean),
                n=offering.rating_count,
            )
        )
    lines.append(Msg.of("catalogue.top_explained"))
    return [Reply(tuple(lines), personal=False)]


@commands.command("provider", nl=("aanbieder",), en=("provider",), order=210)
def provider(ctx: Context, args: str) -> list[Reply]:
    name = args.strip()[:MAX_NAME]
    if not name:
        raise UsageError("catalogue.provider_missing")
    found, candidates = find_provider(ctx.uow, name)
    if found is None:
        if not candidates:
            return [Reply.public("catalogue.provider_not_found", name=name[:60])]
        names = ", ".join(candidate.name for candidate in candidates)
        return [Reply.public("catalogue.provider_ambiguous", names=names)]
    count, best = ctx.uow.catalogue.offerings_of(found.id, TOP)
    parts = [
        Msg.of("catalogue.provider_title", name=found.name),
        Msg.of(
            "catalogue.provider_kind", kind=Label(f"provider_kind.{found.kind.value}"), n=count
        ),
    ]
    for offering in best:
        if offering.mean is None:
            parts.append(Msg.of("catalogue.provider_line_unrated", title=offering.title))
        else:
            parts.append(
                Msg.of(
                    "catalogue.provider_line",
                    title=offering.title,
                    mean=decimal(ctx.member.language, offering.mean),
                    n=offering.rating_count,
                )
            )
    return [Reply(tuple(parts), personal=False)]


HINT_SURE = 90.0
HINT_MAYBE = 80.0
# Learning among colleagues or on one's own is not bought from a provider: no lookup.
_NOT_OFFERED = {
    ActivityKind.INTERVISION,
    ActivityKind.PEER_OBSERVATION,
    ActivityKind.PLG,
    ActivityKind.READING,
    ActivityKind.SELF_STUDY,
    ActivityKind.RESEARCH,
    ActivityKind.NETWORK,
}


def offering_hint(ctx: Context, activity: Activity) -> list[Reply]:
    """After /log: when the activity looks like a catalogue offering, name it and offer a
    one-tap review ("asks if unsure": a lower score is phrased as a question)."""
    title = activity.title
    if ctx.titles is None or not title or activity.kind in _NOT_OFFERED:
        return []
    scored = ctx.titles.search(ctx.uow, title, limit=2)
    if not scored or scored[0][1] < HINT_MAYBE:
        return []
    if len(scored) > 1 and scored[1][1] >= scored[0][1] - 2:
        return []  # two look alike: /cursus will ask, a hint would guess
    offering = ctx.uow.catalogue.get(scored[0][0])
    if offering is None or ctx.uow.reviews.mine(offering.id, ctx.member.id) is not None:
        return []
    key = "catalogue.log_hint" if scored[0][1] >= HINT_SURE else "catalogue.log_hint_unsure"
    parts = (Msg.of(key, title=offering.title, provider=offering.provider_name),)
    return [Reply(parts, choices=star_buttons("rate", offering.id))]

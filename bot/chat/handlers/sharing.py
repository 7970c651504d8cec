"""/delen (/share): who sees what of the profile, goals and activities, and changing it per
field, per goal or activity, or in bulk (making a whole list public is asked first)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.common import title_of
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.activities import Visibility
from bot.domain.profiles import FIELD_WORDS, ProfileField
from bot.i18n import Label, Msg
from bot.services import profiles as service
from bot.services.profiles import ShareItems, ShareProfileFields

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.services.undo import Undone

flows = FlowSet()

VISIBILITY_WORDS = {
    "privé": Visibility.PRIVATE,
    "prive": Visibility.PRIVATE,
    "private": Visibility.PRIVATE,
    "niemand": Visibility.PRIVATE,
    "community": Visibility.COMMUNITY,
    "groep": Visibility.COMMUNITY,
    "groepen": Visibility.COMMUNITY,
    "openbaar": Visibility.PUBLIC,
    "iedereen": Visibility.PUBLIC,
    "public": Visibility.PUBLIC,
    "everyone": Visibility.PUBLIC,
}
_ALL = {"alles", "all", "iedereen_alles"}
_FILLER = {
    "met",
    "mijn",
    "en",
    "deel",
    "de",
    "het",
    "alle",
    "voor",
    "with",
    "my",
    "and",
    "share",
    "the",
    "for",
    ",",
    "&",
}
_ONE_GOAL = {"doel", "goal"}
_ALL_GOALS = {"doelen", "goals"}
_ONE_ACTIVITY = {"activiteit", "activity"}
_ALL_ACTIVITIES = {"activiteiten", "activities"}
_YES = {"ja": "yes", "j": "yes", "yes": "yes", "y": "yes", "nee": "no", "n": "no", "no": "no"}


@dataclass(frozen=True)
class ShareArgs:
    fields: tuple[ProfileField, ...] = ()
    visibility: Visibility | None = None
    goals: tuple[int, ...] = ()
    activities: tuple[int, ...] = ()
    all_goals: bool = False
    all_activities: bool = False

    @property
    def names_items(self) -> bool:
        return bool(self.goals or self.activities or self.all_goals or self.all_activities)


def _number(word: str) -> int | None:
    word = word.lstrip("#")
    return int(word) if word.isdigit() and len(word) <= 9 else None


def parse_share(text: str, today: date) -> ShareArgs:
    """``/delen`` shows; ``/delen expertise werkervaring openbaar``, ``/delen doel 2
    community``, ``/delen activiteiten privé`` or ``/delen alles privé`` change (the
    visibility word may come anywhere)."""
    words = [w for w in text.lower().replace(",", " ").split() if w not in _FILLER]
    if not words:
        return ShareArgs()
    visibilities = {VISIBILITY_WORDS[w] for w in words if w in VISIBILITY_WORDS}
    if len(visibilities) != 1:
        raise UsageError("share.usage")
    fields: list[ProfileField] = []
    goals: list[int] = []
    activities: list[int] = []
    all_goals = all_activities = False
    numbers: list[int] | None = None  # where numbers after "doel" / "activiteit" go
    for word in words:
        number = _number(word)
        if number is not None:
            if numbers is None:
                raise UsageError("share_items.number_without_kind", number=number)
            numbers.append(number)
            continue
        if numbers is not None and not numbers:
            raise UsageError("share_items.number_missing")
        numbers = None
        if word in VISIBILITY_WORDS:
            continue
        if word in _ALL:
            fields += list(ProfileField)
        elif word in FIELD_WORDS:
            fields.append(FIELD_WORDS[word])
        elif word in _ONE_GOAL:
            numbers = goals
        elif word in _ONE_ACTIVITY:
            numbers = activities
        elif word in _ALL_GOALS:
            all_goals = True
        elif word in _ALL_ACTIVITIES:
            all_activities = True
        else:
            raise UsageError("profile.unknown_field", word=word[:40])
    if numbers is not None and not numbers:
        raise UsageError("share_items.number_missing")
    args = ShareArgs(
        tuple(dict.fromkeys(fields)),
        visibilities.pop(),
        tuple(goals),
        tuple(activities),
        all_goals,
        all_activities,
    )
    if not args.fields and not args.names_items:
        raise UsageError("share.usage")
    return args


def share(ctx: Context, args: ShareArgs) -> list[Reply]:
    if args.visibility is None:
        return [_overview(ctx)]
    if not args.names_items:
        service.share_fields(
            ShareProfileFields(ctx.member.id, args.fields, args.visibility, ctx.now), ctx.uow
        )
        return [
            Reply(
                (_fields_changed(args.fields, args.visibility), Msg.of("share_items.undo_tip")),
                effect=Effect.CHANGED,
            )
        ]
    cmd = _intent(ctx, args)
    widened = service.made_more_public(cmd, ctx.uow)
    if widened:
        question = (Msg.of("share_items.confirm_public", n=widened),)
        choices = [("yes", Msg.of("share_items.yes")), ("no", Msg.of("share_items.no"))]
        data = {"args": {**asdict(args), "visibility": args.visibility.value}}
        return [ask(ctx, "share_confirm", question, choices, data)]
    return [_apply(ctx, cmd, args)]


def _intent(ctx: Context, args: ShareArgs) -> ShareItems:
    assert args.visibility is not None
    return ShareItems(
        ctx.member.id,
        args.visibility,
        ctx.now,
        args.fields,
        args.goals,
        args.activities,
        args.all_goals,
        args.all_activities,
    )


def _apply(ctx: Context, cmd: ShareItems, args: ShareArgs) -> Reply:
    shared = service.share_items(cmd, ctx.uow)
    who = Label(f"visibility.{cmd.visibility.value}")
    parts: list[Msg] = []
    if shared.fields:
        parts.append(_fields_changed(shared.fields, cmd.visibility))
    if args.all_goals:
        key = "share_items.all_goals" if shared.goals else "share_items.no_goals"
        parts.append(Msg.of(key, n=len(shared.goals), who=who))
    else:
        for goal in shared.goals:
            parts.append(Msg.of("share_items.goal", number=goal.number, title=goal.title, who=who))
    if args.all_activities:
        key = "share_items.all_activities" if shared.activities else "share_items.no_activities"
        parts.append(Msg.of(key, n=len(shared.activities), who=who))
    else:
        for activity in shared.activities:
            title = title_of(activity)
            parts.append(
                Msg.of("share_items.activity", number=activity.number, title=title, who=who)
            )
    if not shared.changed:
        return Reply(tuple(parts))
    parts.append(Msg.of("share_items.undo_tip"))
    return Reply(tuple(parts), effect=Effect.CHANGED)


@flows.flow("share_confirm")
def answer_confirm(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    choice = choice or _YES.get((text or "").strip().lower())
    if choice is None:
        return [Reply.public("delete.answer_yes_no")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice != "yes":
        return [Reply.of("share_items.kept")]
    raw = flow.data["args"]
    args = ShareArgs(
        tuple(ProfileField(f) for f in raw["fields"]),
        Visibility(raw["visibility"]),
        tuple(raw["goals"]),
        tuple(raw["activities"]),
        bool(raw["all_goals"]),
        bool(raw["all_activities"]),
    )
    return [_apply(ctx, _intent(ctx, args), args)]


def _fields_changed(fields: tuple[ProfileField, ...], visibility: Visibility) -> Msg:
    labels = [Label(f"profile.field.{f.value}") for f in fields]
    return Msg.of("share.changed", fields=labels, who=Label(f"visibility.{visibility.value}"))


def _overview(ctx: Context) -> Reply:
    overview = service.sharing_overview(ctx.uow, ctx.member.id)
    profile = overview.profile
    parts = [Msg.of("share.header")]
    for vis in Visibility:
        fields = [f for f in ProfileField if profile.visibility_of(f) is vis]
        labels = [Label(f"profile.field.{f.value}") for f in fields]
        if labels:
            parts.append(Msg.of(f"share.{vis.value}", fields=labels))
    for kind, counts in (("goals", overview.goals), ("activities", overview.activities)):
        if sum(counts.values()):
            parts.append(
                Msg.of(
                    f"share_items.overview_{kind}",
                    private=counts[Visibility.PRIVATE],
                    community=counts[Visibility.COMMUNITY],
                    public=counts[Visibility.PUBLIC],
                )
            )
    parts.append(Msg.of("share.tip"))
    parts.append(Msg.of("share_items.tip"))
    return Reply(tuple(parts))


def profile_undone(undone: Undone) -> tuple[Msg, ...]:
    """What /ongedaan says after putting a profile or sharing change back."""
    parts: list[Msg] = []
    if undone.fields:
        labels = [Label(f"profile.field.{f.value}") for f in undone.fields]
        parts.append(Msg.of("undo.profile_fields", fields=labels))
    if undone.goals:
        parts.append(Msg.of("undo.profile_goals", n=undone.goals))
    if undone.activities:
        parts.append(Msg.of("undo.profile_activities", n=undone.activities))
    return tuple(parts) or (Msg.of("undo.profile_nothing"),)

"""/koppel (/connect) and /koppelingen (/connections): one portfolio across platforms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.members import zone
from bot.i18n import Label, Msg
from bot.services import linking as service
from bot.services.linking import ConfirmMerge, EnterCode, Entered, MakeCode, Prefer, Unlink

if TYPE_CHECKING:
    from datetime import date, datetime

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.services.linking import EnteredCode
    from bot.services.ports import LinkedIdentity, MergeResult

commands = CommandSet()
flows = FlowSet()

_UNLINK = {"los", "losmaken", "ontkoppel", "unlink", "remove"}
_PREFER = {"voorkeur", "prefer", "preference"}
_AUTO = {"auto", "automatisch", "laatste", "last"}


def _local(ctx: Context, moment: datetime) -> str:
    return f"{moment.astimezone(zone(ctx.member.timezone)):%H:%M}"


def _counts(counts: dict[str, int]) -> Msg:
    return Msg.of(
        "link.counts",
        **{name: Msg.of(f"link.count.{name}", n=counts.get(name, 0)) for name in service.SHOWN},
    )


@commands.command(
    "connect",
    nl=("koppel",),
    en=("connect",),
    order=90,
    group_menu=False,
    bare=service.looks_like_code,
)
def connect(ctx: Context, args: str) -> list[Reply]:
    sender = ctx.incoming.sender
    code = args.strip()
    if ctx.in_group:
        if code:
            # Typed where others read it: that code must not work any more.
            service.void_code(ctx.uow, code, ctx.now)
            return [Reply.of("link.code_in_group")]
        return [_make(ctx)]
    if not code:
        return [_make(ctx)]
    entered = service.enter_code(
        EnterCode(ctx.member.id, sender.platform, sender.id, code, ctx.now), ctx.uow
    )
    return [_entered(ctx, entered)]


def _make(ctx: Context) -> Reply:
    sender = ctx.incoming.sender
    made = service.make_code(MakeCode(ctx.member.id, sender.platform, sender.id, ctx.now), ctx.uow)
    return Reply.done("link.code", code=made.code, until=_local(ctx, made.expires_at))


def _entered(ctx: Context, entered: EnteredCode) -> Reply:
    match entered.outcome:
        case Entered.LINKED:
            assert entered.merged is not None
            parts = [Msg.of("link.linked")]
            if any(entered.here.values()):
                parts.append(Msg.of("link.moved", what=_counts(entered.here)))
            parts += _conflicts(entered.merged)
            parts.append(Msg.of("link.linked_tip"))
            return Reply(tuple(parts))
        case Entered.CONFIRM:
            assert entered.survivor is not None
            question = (
                Msg.of("link.confirm_ask"),
                Msg.of("link.confirm_here", what=_counts(entered.here)),
                Msg.of("link.confirm_there", what=_counts(entered.there)),
                Msg.of("link.confirm_rules"),
            )
            options = [
                ("merge", Msg.of("link.choice_merge")),
                ("no", Msg.of("link.choice_cancel")),
            ]
            return ask(ctx, "link", question, options, {"survivor": entered.survivor})
        case Entered.TOO_MANY:
            assert entered.retry_at is not None
            return Reply.of("link.too_many", time=_local(ctx, entered.retry_at))
        case Entered.UNKNOWN | Entered.EXPIRED | Entered.USED:
            key = f"link.{entered.outcome.value}"
            return Reply((Msg.of(key), Msg.of("link.attempts_left", n=entered.attempts_left)))
        case _:
            return Reply.of(f"link.{entered.outcome.value}")


def _conflicts(merged: MergeResult) -> list[Msg]:
    if not merged.profile_conflicts:
        return []
    fields = [Label(f"profile.field.{name}") for name in merged.profile_conflicts]
    return [Msg.of("link.profile_conflicts", fields=fields)]


@flows.flow("link")
def answer_link(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        return [Reply.of("link.use_buttons")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice == "no":
        return [Reply.of("link.cancelled")]
    merged = service.confirm_merge(
        ConfirmMerge(ctx.member.id, int(flow.data["survivor"]), ctx.now), ctx.uow
    )
    parts = [Msg.of("link.merged")]
    moved = {name: merged.moved.get(name, 0) for name in service.SHOWN}
    parts.append(Msg.of("link.moved", what=_counts(moved)))
    if merged.dropped.get("reviews"):
        parts.append(Msg.of("link.reviews_dropped", n=merged.dropped["reviews"]))
    parts += _conflicts(merged)
    parts.append(Msg.of("link.linked_tip"))
    return [Reply(tuple(parts), effect=Effect.CHANGED)]


# --- /koppelingen -------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionsArgs:
    action: str = "list"  # list | unlink | prefer
    target: str = ""


def parse_connections(text: str, today: date) -> ConnectionsArgs:
    words = text.strip().split(maxsplit=1)
    if not words:
        return ConnectionsArgs()
    verb = words[0].lower()
    target = words[1].strip() if len(words) > 1 else ""
    if verb in _UNLINK:
        if not target:
            raise UsageError("link.unlink_which")
        return ConnectionsArgs("unlink", target)
    if verb in _PREFER:
        if not target:
            raise UsageError("link.prefer_which")
        return ConnectionsArgs("prefer", target)
    raise UsageError("link.connections_usage")


def _pick(mine: list[LinkedIdentity], target: str) -> LinkedIdentity:
    """An identity by its number in the list, or by platform (when it has one there)."""
    wanted = target.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(mine):
        return mine[int(wanted) - 1]
    found = [i for i in mine if i.platform.lower() == wanted or i.user_id.lower() == wanted]
    if len(found) == 1:
        return found[0]
    raise UsageError("link.no_such", given=target[:40])


def _name(identity: LinkedIdentity) -> str:
    return f"{identity.platform} — {identity.user_id}"


@commands.command(
    "connections",
    nl=("koppelingen",),
    en=("connections",),
    parse=parse_connections,
    order=91,
    group_menu=False,
)
def connections(ctx: Context, args: ConnectionsArgs) -> list[Reply]:
    mine = service.linked(ctx.uow, ctx.member.id)
    if args.action == "unlink":
        chosen = _pick(mine, args.target)
        if len(mine) < 2:
            return [Reply.of("link.unlink_last")]
        sender = ctx.incoming.sender
        here = (chosen.platform, chosen.user_id) == (sender.platform, sender.id)
        question = (
            Msg.of("link.unlink_ask_here" if here else "link.unlink_ask", who=_name(chosen)),
        )
        options = [("yes", Msg.of("link.unlink_yes")), ("no", Msg.of("link.unlink_no"))]
        data = {"platform": chosen.platform, "user_id": chosen.user_id}
        return [ask(ctx, "unlink", question, options, data)]
    if args.action == "prefer":
        if args.target.strip().lower() in _AUTO:
            service.prefer(Prefer(ctx.member.id, None, None), ctx.uow)
            return [Reply.done("link.prefer_auto")]
        chosen = _pick(mine, args.target)
        service.prefer(Prefer(ctx.member.id, chosen.platform, chosen.user_id), ctx.uow)
        return [Reply.done("link.prefer_set", who=_name(chosen))]
    return [_listing(ctx, mine)]


def _listing(ctx: Context, mine: list[LinkedIdentity]) -> Reply:
    sender = ctx.incoming.sender
    parts = [Msg.of("link.list_header")]
    for number, identity in enumerate(mine, 1):
        here = (identity.platform, identity.user_id) == (sender.platform, sender.id)
        key = "link.list_line_here" if here else "link.list_line"
        parts.append(Msg.of(key, n=number, who=_name(identity)))
    reached = service.reached(ctx.uow, ctx.member.id)
    chosen = next((i for i in mine if i.preferred), None)
    if reached is not None:
        who = f"{reached[0]} — {reached[1]}"
        parts.append(Msg.of("link.reach_chosen" if chosen else "link.reach_last", who=who))
    parts.append(Msg.of("link.list_tip" if len(mine) > 1 else "link.list_alone"))
    return Reply(tuple(parts))


@flows.flow("unlink")
def answer_unlink(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        return [Reply.of("link.use_buttons")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice == "no":
        return [Reply.of("link.unlink_kept")]
    platform, user_id = str(flow.data["platform"]), str(flow.data["user_id"])
    service.unlink(Unlink(ctx.member.id, platform, user_id, ctx.now), ctx.uow)
    return [Reply.done("link.unlinked", who=f"{platform} — {user_id}")]

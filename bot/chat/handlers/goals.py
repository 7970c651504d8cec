"""/goal (/doel) and /goals (/doelen)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet
from bot.chat.handlers.common import extract_visibility, goal_lines, required_number, title_of
from bot.chat.handlers.goal_changes import _DELETE, _EDIT, goal_change, run_change
from bot.chat.handlers.goal_deadlines import holiday_target
from bot.chat.parsing import parse_goal_text
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.activities import Visibility
from bot.domain.goals import GoalStatus
from bot.i18n import Label, Msg
from bot.services import goals as service
from bot.services.commands import CloseGoal, LinkActivity, SetGoal

if TYPE_CHECKING:
    from bot.chat.parsing import ParsedGoal
    from bot.chat.registry import Context

commands = CommandSet()
flows = FlowSet()

_LIST = {"", "lijst", "list", "overzicht", "overview", "alle", "all"}
_LINK = {"koppel", "link"}
_CLOSE = {
    "behaald": GoalStatus.ACHIEVED,
    "bereikt": GoalStatus.ACHIEVED,
    "klaar": GoalStatus.ACHIEVED,
    "achieved": GoalStatus.ACHIEVED,
    "done": GoalStatus.ACHIEVED,
    "gestopt": GoalStatus.DROPPED,
    "stop": GoalStatus.DROPPED,
    "dropped": GoalStatus.DROPPED,
    "drop": GoalStatus.DROPPED,
}
_LINK_ARGS = re.compile(
    r"^#?(\d{1,9})\s+(?:aan\s+|to\s+|met\s+|with\s+)?(?:doel\s+|goal\s+)?#?(\d{1,9})$"
)


@dataclass(frozen=True)
class GoalArgs:
    action: str  # list | create | link | close
    new: ParsedGoal | None = None
    visibility: Visibility = Visibility.PRIVATE
    numbers: tuple[int, ...] = ()
    status: GoalStatus | None = None
    text: str = ""


def parse_goal(text: str, today: date) -> GoalArgs:
    word, _, rest = text.partition(" ")
    verb = word.lower()
    if text.lower() in _LIST:
        return GoalArgs("list")
    if verb in _LINK:
        match = _LINK_ARGS.match(rest.strip().lower())
        if not match:
            raise UsageError("goal.link_usage")
        return GoalArgs("link", numbers=(int(match.group(1)), int(match.group(2))))
    if verb in _EDIT or verb in _DELETE:
        return goal_change(verb in _DELETE, rest, today)
    if verb in _CLOSE:
        number, reflection = required_number(rest, "goal.close_usage")
        return GoalArgs("close", numbers=(number,), status=_CLOSE[verb], text=reflection)
    visibility, text = extract_visibility(text)
    parsed = parse_goal_text(text, today)
    if not parsed.title:
        raise UsageError("goal.empty_title")
    if parsed.past_target:
        raise UsageError("goal.past_target")
    return GoalArgs("create", new=parsed, visibility=visibility or Visibility.PRIVATE)


@commands.command("goal", nl=("doel",), en=("goal",), parse=parse_goal, ack="ack.noted", order=70)
def goal(ctx: Context, args: GoalArgs) -> list[Reply]:
    if args.action == "list":
        return goals(ctx, "")
    if args.action in ("edit", "delete"):
        return run_change(ctx, args)
    if args.action == "link":
        activity, linked = service.link_activity(
            LinkActivity(ctx.member.id, args.numbers[0], args.numbers[1], ctx.now), ctx.uow
        )
        return [
            Reply.done(
                "goal.linked",
                activity=activity.number,
                title=title_of(activity),
                goal=linked.number,
                goal_title=linked.title,
            )
        ]
    if args.action == "close":
        assert args.status is not None
        closed = service.close_goal(
            CloseGoal(ctx.member.id, args.numbers[0], args.status, ctx.now, args.text or None),
            ctx.uow,
        )
        key = "goal.achieved" if closed.status is GoalStatus.ACHIEVED else "goal.dropped"
        parts = [Msg.of(key, number=closed.number, title=closed.title)]
        if not args.text:
            parts.append(Msg.of("goal.close_reflect_tip"))
        return [Reply(tuple(parts), effect=Effect.CHANGED)]
    assert args.new is not None
    target = args.new.target_date
    if args.new.holiday is not None:
        found = holiday_target(ctx, args.new, args.visibility)
        if not isinstance(found, date):
            return found  # a question (which region?) or why not
        target = found
    return create_goal(ctx, args.new, args.visibility, target)


def create_goal(
    ctx: Context, new: ParsedGoal, visibility: Visibility, target: date | None
) -> list[Reply]:
    created = service.set_goal(
        SetGoal(
            member_id=ctx.member.id,
            title=new.title,
            now=ctx.now,
            target_date=target,
            competence_areas=new.competence_areas,
            visibility=visibility,
        ),
        ctx.uow,
    )
    parts = [Msg.of("goal.created", number=created.number, title=created.title)]
    if created.target_date is not None:
        parts.append(
            Msg.of(
                "goal.target", target=created.target_date, n=(created.target_date - ctx.today).days
            )
        )
    if created.competence_areas:
        areas = [Label(f"area.{area.value}") for area in created.competence_areas]
        parts.append(Msg.of("activity.card_areas", areas=areas))
    parts.append(Msg.of("goal.link_tip", number=created.number))
    return [Reply(tuple(parts), effect=Effect.CHANGED)]


@commands.command("goals", nl=("doelen",), en=("goals",), order=75)
def goals(ctx: Context, args: str) -> list[Reply]:
    if args:
        raise UsageError("goals.no_arguments")
    items = service.list_goals(ctx.uow, ctx.member.id)
    if not items:
        return [Reply.of("goals.none")]
    parts: list[Msg] = [Msg.of("goals.header", n=len(items))]
    for item in items:
        parts += goal_lines(item, ctx.today)
    return [Reply(tuple(parts))]

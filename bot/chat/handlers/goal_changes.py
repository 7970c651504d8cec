"""/doel bewerk N … and /doel verwijder N (after a yes/no question)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.common import required_number
from bot.chat.handlers.goal_deadlines import holiday_target
from bot.chat.parsing import parse_goal_text
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.activities import Visibility
from bot.domain.school_holidays import needs_region
from bot.i18n import Msg
from bot.services import goals as service
from bot.services.commands import EditGoal

if TYPE_CHECKING:
    from bot.chat.handlers.goals import GoalArgs
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()

_EDIT = {"bewerk", "wijzig", "pas", "aanpassen", "edit", "change"}
_DELETE = {"verwijder", "wis", "schrap", "delete", "remove"}
_YES = {"ja": "yes", "j": "yes", "yes": "yes", "y": "yes", "nee": "no", "n": "no", "no": "no"}


def goal_change(delete: bool, rest: str, today: date) -> GoalArgs:
    from bot.chat.handlers.goals import GoalArgs

    if delete:
        number, extra = required_number(rest, "goal.delete_usage")
        if extra.strip():
            raise UsageError("goal.delete_usage")
        return GoalArgs("delete", numbers=(number,))
    number, text = required_number(rest, "goal.edit_usage")
    parsed = parse_goal_text(text, today)
    if not (parsed.title or parsed.target_date or parsed.competence_areas or parsed.holiday):
        raise UsageError("goal.edit_usage")
    if parsed.past_target:
        raise UsageError("goal.past_target")
    return GoalArgs("edit", new=parsed, numbers=(number,))


def run_change(ctx: Context, args: GoalArgs) -> list[Reply]:
    number = args.numbers[0]
    if args.action == "delete":
        goal = service.get_goal(ctx.uow, ctx.member.id, number)
        question = (Msg.of("goal.delete_confirm", number=number, title=goal.title),)
        choices = [("yes", Msg.of("delete.yes")), ("no", Msg.of("delete.no"))]
        return [ask(ctx, "confirm_goal_delete", question, choices, {"number": number})]
    assert args.new is not None
    target = args.new.target_date
    if args.new.holiday is not None:
        service.get_goal(ctx.uow, ctx.member.id, number)
        if ctx.member.holiday_region is None and needs_region(args.new.holiday, ctx.today):
            raise UsageError("holiday.region_none")
        found = holiday_target(ctx, args.new, Visibility.PRIVATE)
        assert isinstance(found, date)
        target = found
    changed = service.edit_goal(
        EditGoal(ctx.member.id, number, args.new.title, target, args.new.competence_areas),
        ctx.uow,
    )
    parts = [Msg.of("goal.edited", number=changed.number, title=changed.title)]
    if changed.target_date is not None:
        n = (changed.target_date - ctx.today).days
        parts.append(Msg.of("goal.target", target=changed.target_date, n=n))
    return [Reply(tuple(parts))]


@flows.flow("confirm_goal_delete")
def answer_delete(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    choice = choice or _YES.get((text or "").strip().lower())
    if choice is None:
        return [Reply.public("delete.answer_yes_no")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice != "yes":
        return [Reply.of("goal.delete_kept")]
    gone = service.delete_goal(ctx.uow, ctx.member.id, int(flow.data["number"]))
    return [Reply.of("goal.deleted", number=gone.number, title=gone.title)]

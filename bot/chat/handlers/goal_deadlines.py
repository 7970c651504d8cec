"""Goal deadlines in words that need the member's school-holiday region ("voor de
zomervakantie"), and /regio to see or set that region."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet, ask
from bot.chat.parsing import ParsedGoal
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.activities import CompetenceArea, Visibility
from bot.domain.school_holidays import REGIONS, needs_region, next_start
from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()
_REGION_WORDS = {"noord": "noord", "north": "noord", "midden": "midden", "middle": "midden",
                 "central": "midden", "zuid": "zuid", "south": "zuid"}  # fmt: skip


def holiday_target(ctx: Context, new: ParsedGoal, visibility: Visibility) -> date | list[Reply]:
    """The day before the holiday starts; or a question for the region; or why not."""
    assert new.holiday is not None
    region = ctx.member.holiday_region
    if needs_region(new.holiday, ctx.today) and region is None:
        draft = {
            "title": new.title,
            "areas": [area.value for area in new.competence_areas],
            "visibility": visibility.value,
            "holiday": new.holiday,
        }
        choices = [(name, Msg.of(f"holiday.region_{name}")) for name in REGIONS]
        question = (Msg.of("holiday.ask_region", holiday=new.holiday),)
        return [ask(ctx, "goal_region", question, choices, draft)]
    start = next_start(new.holiday, region, ctx.today)
    if start is None:
        raise UsageError("holiday.unknown", holiday=new.holiday)
    return start - timedelta(days=1)


@flows.flow("goal_region")
def answer_region(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    from bot.chat.handlers.goals import create_goal

    region = choice if choice in REGIONS else _REGION_WORDS.get((text or "").strip().lower())
    if region is None:
        return [Reply.public("holiday.region_not_understood")]
    ctx.uow.flows.clear(ctx.member.id)
    ctx.member.holiday_region = region
    ctx.uow.members.save(ctx.member)
    data = flow.data
    new = ParsedGoal(
        title=data["title"],
        target_date=None,
        competence_areas=tuple(CompetenceArea(a) for a in data["areas"]),
        past_target=False,
        holiday=data["holiday"],
    )
    start = next_start(data["holiday"], region, ctx.today)
    if start is None:
        return [Reply.of("holiday.unknown", holiday=data["holiday"])]
    replies = create_goal(ctx, new, Visibility(data["visibility"]), start - timedelta(days=1))
    return [Reply.of("holiday.region_set", region=Msg.of(f"holiday.region_{region}")), *replies]


def parse_region(text: str, today: date) -> str:
    word = text.strip().lower()
    if word and word not in _REGION_WORDS:
        raise UsageError("holiday.region_usage")
    return _REGION_WORDS.get(word, "")


@commands.command("region", nl=("regio",), en=("region",), parse=parse_region, order=88)
def region(ctx: Context, chosen: str) -> list[Reply]:
    if not chosen:
        current = ctx.member.holiday_region
        if current is None:
            return [Reply.of("holiday.region_none")]
        return [Reply.of("holiday.region_is", region=Msg.of(f"holiday.region_{current}"))]
    ctx.member.holiday_region = chosen
    ctx.uow.members.save(ctx.member)
    return [Reply.of("holiday.region_set", region=Msg.of(f"holiday.region_{chosen}"))]

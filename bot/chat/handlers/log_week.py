"""/log with a week but no day ("vorige week intervisie"): ask which day, with buttons."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.chat.flows import FlowSet, ask
from bot.chat.parsing.normalise import fold
from bot.chat.parsing.when import expressions, resolve_day, tokenize
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply
from bot.i18n import Hours, Msg

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

commands = CommandSet()
flows = FlowSet()
SCHOOL_DAYS = 5  # ma–vr


def ask_weekday(ctx: Context, monday: date, draft: dict[str, Any], minutes: int | None) -> Reply:
    days = [monday + timedelta(days=k) for k in range(SCHOOL_DAYS)]
    choices = [(day.isoformat(), Msg.of("when.day_choice", day=day)) for day in days]
    data = {"draft": draft, "minutes": minutes, "monday": monday.isoformat()}
    return ask(ctx, "log_weekday", (Msg.of("when.ask_weekday", start=monday),), choices, data)


def _typed_day(ctx: Context, text: str, monday: date) -> date | None:
    """A typed answer: a weekday ("di", "dinsdag") or a date within that week."""
    tokens = tokenize(fold(text))
    for expr in expressions(tokens, monday + timedelta(days=6), "past"):
        day = resolve_day(expr, ctx.now).day
        if expr.weekday is not None:
            day = monday + timedelta(days=expr.weekday)
        if day is not None and monday <= day < monday + timedelta(days=7):
            return day
    return None


@flows.flow("log_weekday")
def answer_weekday(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    from bot.chat.handlers.activities import continue_draft

    monday = date.fromisoformat(flow.data["monday"])
    day = None
    if choice:
        day = date.fromisoformat(choice)
    elif text:
        day = _typed_day(ctx, text, monday)
    if day is None or day > ctx.today:
        return [Reply((Msg.of("when.weekday_not_understood"),), personal=False)]
    ctx.uow.flows.clear(ctx.member.id)
    draft = {**flow.data["draft"], "date": day.isoformat()}
    return continue_draft(ctx, draft, flow.data["minutes"])


def ask_split(ctx: Context, draft: dict[str, Any], last: date, minutes: int) -> Reply:
    """Several days: one activity with all the hours, or one activity per day."""
    first = date.fromisoformat(draft["date"])
    days = (last - first).days + 1
    choices = [
        ("one", Msg.of("when.split_one", hours=Hours(minutes))),
        ("split", Msg.of("when.split_each", n=days, hours=Hours(minutes // days))),
    ]
    question = (Msg.of("when.split_question", first=first, last=last),)
    data = {"draft": draft, "minutes": minutes, "days": days}
    return ask(ctx, "log_split", question, choices, data)


@flows.flow("log_split")
def answer_split(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    from bot.chat.handlers.activities import store_draft

    typed = (text or "").strip().lower()
    choice = choice or ("one" if typed in ("1", "een", "één", "one") else None)
    choice = choice or ("split" if typed in ("2", "per dag", "split", "each") else None)
    if choice not in ("one", "split"):
        return [Reply((Msg.of("when.split_not_understood"),), personal=False)]
    ctx.uow.flows.clear(ctx.member.id)
    draft, minutes, days = flow.data["draft"], int(flow.data["minutes"]), int(flow.data["days"])
    if choice == "one":
        return store_draft(ctx, draft, minutes)
    first = date.fromisoformat(draft["date"])
    replies: list[Reply] = []
    for k in range(days):
        day = {**draft, "date": (first + timedelta(days=k)).isoformat()}
        replies += store_draft(ctx, day, minutes // days)[:1]
    return replies

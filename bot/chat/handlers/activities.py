"""/log, /activities, /edit, /delete (/reflect, /evidence: reflections.py; /undo: undo.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.catalogue import offering_hint
from bot.chat.handlers.common import (
    activity_card,
    activity_summary,
    extract_visibility,
    leading_number,
    required_number,
)
from bot.chat.handlers.log_week import ask_split, ask_weekday
from bot.chat.parsing import (
    ParsedActivity,
    parse_activity_text,
    parse_duration,
    parse_kind,
    parse_period,
)
from bot.chat.parsing.filters import form_and_area
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.activities import Activity, ActivityKind, CompetenceArea, LearningForm, Visibility
from bot.domain.members import zone
from bot.i18n import Hours, Label, Msg
from bot.services import activities as service
from bot.services.commands import (
    DeleteActivity,
    EditActivity,
    ListActivities,
    LogActivity,
)
from bot.services.ports import ActivityFilter

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.domain.periods import Period

commands = CommandSet()
flows = FlowSet()

DURATION_CHOICES = (("m30", 30), ("h1", 60), ("h2", 120), ("halfday", 240), ("day", 480))
LIST_LIMIT = 20


@dataclass(frozen=True)
class LogArgs:
    parsed: ParsedActivity
    visibility: Visibility | None
    text: str = ""


def parse_log(text: str, today: date, now: datetime | None = None) -> LogArgs:
    if not text:
        raise UsageError("log.empty")
    raw = text
    visibility, text = extract_visibility(text)
    parsed = parse_activity_text(text, today, now)
    if parsed.date_error is not None:
        raise UsageError(parsed.date_error)
    if parsed.future_date:
        raise UsageError("log.future_date")
    if parsed.unclear_time is not None:
        raise UsageError("when.log_leftover", word=parsed.unclear_time)
    if not parsed.title and not parsed.kind_found:
        raise UsageError("log.what")
    return LogArgs(parsed, visibility, raw)


def _draft(args: LogArgs, today: date) -> dict[str, Any]:
    parsed = args.parsed
    return {
        "date": (parsed.date or today).isoformat(),
        "kind": parsed.kind.value,
        "title": parsed.title,
        "areas": [area.value for area in parsed.competence_areas],
        "evidence": parsed.evidence,
        "goal": parsed.goal_number,
        "visibility": (args.visibility or Visibility.PRIVATE).value,
    }


def store_draft(ctx: Context, draft: dict[str, Any], minutes: int) -> list[Reply]:
    return _store_draft(ctx, draft, minutes)


def _store_draft(ctx: Context, draft: dict[str, Any], minutes: int) -> list[Reply]:
    activity = service.log_activity(
        LogActivity(
            member_id=ctx.member.id,
            date=date.fromisoformat(draft["date"]),
            minutes=minutes,
            kind=ActivityKind(draft["kind"]),
            title=draft["title"],
            now=ctx.now,
            competence_areas=tuple(CompetenceArea(area) for area in draft["areas"]),
            evidence=draft["evidence"],
            goal_number=draft["goal"],
            visibility=Visibility(draft["visibility"]),
        ),
        ctx.uow,
    )
    return [_logged(activity), *offering_hint(ctx, activity)]


def _logged(activity: Activity) -> Reply:
    parts = [Msg.of("activity.logged"), *activity_card(activity)]
    if not activity.reflection:
        parts.append(Msg.of("activity.reflect_tip", number=activity.number))
    return Reply(tuple(parts), effect=Effect.CHANGED)


@commands.command(
    "log", nl=("log", "noteer"), en=("log",), parse=parse_log, ack="ack.noted", order=10
)
def log(ctx: Context, args: LogArgs) -> list[Reply]:
    if args.text:  # read again at the member's own moment ("17 uur geleden")
        args = parse_log(args.text, ctx.today, ctx.now.astimezone(zone(ctx.member.timezone)))
    draft = _draft(args, ctx.today)
    if args.parsed.week_of is not None:
        return [ask_weekday(ctx, args.parsed.week_of, draft, args.parsed.minutes)]
    if args.parsed.last_day is not None and args.parsed.minutes is not None:
        return [ask_split(ctx, draft, args.parsed.last_day, args.parsed.minutes)]
    return continue_draft(ctx, draft, args.parsed.minutes)


def continue_draft(ctx: Context, draft: dict[str, Any], minutes: int | None) -> list[Reply]:
    """The day is known: ask the duration if it is missing, else store."""
    if minutes is None:
        question = (
            Msg.of("log.ask_duration", title=draft["title"] or Label(f"kind.{draft['kind']}")),
        )
        choices = [(key, Msg.of(f"duration.{key}")) for key, _ in DURATION_CHOICES]
        return [ask(ctx, "log_duration", question, choices, {"draft": draft}, typed=True)]
    return _store_draft(ctx, draft, minutes)


@flows.flow("log_duration")
def answer_duration(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    minutes = dict(DURATION_CHOICES).get(choice or "") or parse_duration(text or "")
    if minutes is None:
        return [Reply((Msg.of("log.duration_not_understood"),), personal=False)]
    ctx.uow.flows.clear(ctx.member.id)
    return _store_draft(ctx, flow.data["draft"], minutes)


@dataclass(frozen=True)
class ListArgs:
    flt: ActivityFilter
    period: Period | None
    label: str
    number: int | None = None  # "/activiteiten 3": all of one activity


_GOAL_REF = re.compile(r"\b(?:doel|goal)\s*#?(\d{1,9})\b", re.IGNORECASE)


def _period_and_kind(text: str, today: date) -> tuple[Period | None, ActivityKind | None] | None:
    if not text:
        return None, None
    period = parse_period(text, today)
    if period is not None:
        return period, None
    kind = parse_kind(text)
    if kind is not None:
        return None, kind
    words = text.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        for period_text, kind_text in ((head, tail), (tail, head)):
            period, kind = parse_period(period_text, today), parse_kind(kind_text)
            if period is not None and kind is not None:
                return period, kind
    return None


def parse_list(text: str, today: date) -> ListArgs:
    number, rest = leading_number(text)
    if number is not None and not rest:
        return ListArgs(ActivityFilter(), None, text, number)
    goal = None
    match = _GOAL_REF.search(text)
    if match:
        goal = int(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()
    label = text
    form, area, text = form_and_area(text)
    found = _period_and_kind(text, today)
    if found is None:
        raise UsageError("activities.bad_filter", filter=text[:60])
    period, kind = found
    flt = ActivityFilter(
        since=period.start if period else None,
        until=period.end if period else None,
        kind=kind,
        goal_number=goal,
        learning_form=form,
        area=area,
    )
    return ListArgs(flt, period, label)


@commands.command(
    "activities", nl=("activiteiten",), en=("activities",), parse=parse_list, order=20
)
def activities(ctx: Context, args: ListArgs) -> list[Reply]:
    if args.number is not None:
        shown = service.get_activity(ctx.uow, ctx.member.id, args.number)
        return [Reply(activity_card(shown, ctx.member.timezone))]
    overview = service.list_activities(
        ListActivities(ctx.member.id, args.flt, LIST_LIMIT), ctx.uow
    )
    if not overview.activities:
        key = (
            "activities.none_filtered" if args.label or args.flt.goal_number else "activities.none"
        )
        return [Reply.of(key)]
    parts: list[Msg] = [Msg.of("activities.header", n=overview.count)]
    if args.period is not None:
        parts.append(Msg.of("activities.period", start=args.period.start, end=args.period.end))
    for activity in overview.activities:
        parts.append(activity_summary(activity))
        if activity.reflections:
            count = len(activity.reflections)
            parts.append(Msg.of("activities.reflections", n=count, number=activity.number))
    if overview.count > len(overview.activities):
        parts.append(Msg.of("activities.more", n=overview.count - len(overview.activities)))
    parts.append(Msg.of("activities.total", hours=Hours(overview.minutes)))
    for form in LearningForm:
        count, minutes = overview.totals.get(form, (0, 0))
        if count:
            parts.append(
                Msg.of(
                    "activities.per_form",
                    form=Label(f"form.{form.value}"),
                    hours=Hours(minutes),
                    n=count,
                )
            )
    return [Reply(tuple(parts))]


def parse_edit(text: str, today: date) -> tuple[int, LogArgs]:
    number, rest = required_number(text, "edit.usage")
    if not rest:
        raise UsageError("edit.usage")
    visibility, rest = extract_visibility(rest)
    parsed = parse_activity_text(rest, today)
    if parsed.future_date:
        raise UsageError("log.future_date")
    return number, LogArgs(parsed, visibility)


@commands.command(
    "edit", nl=("bewerk", "wijzig"), en=("edit",), parse=parse_edit, ack="ack.changed", order=40
)
def edit(ctx: Context, args: tuple[int, LogArgs]) -> list[Reply]:
    number, log_args = args
    parsed = log_args.parsed
    changes: dict[str, object] = {}
    if parsed.date is not None:
        changes["date"] = parsed.date
    if parsed.minutes is not None:
        changes["minutes"] = parsed.minutes
    if parsed.kind_found:
        changes["kind"] = parsed.kind
    if parsed.title:
        changes["title"] = parsed.title
    if parsed.competence_areas:
        changes["competence_areas"] = parsed.competence_areas
    if parsed.evidence:
        changes["evidence"] = parsed.evidence
    if parsed.goal_number is not None:
        changes["goal_number"] = parsed.goal_number
    if log_args.visibility is not None:
        changes["visibility"] = log_args.visibility
    if not changes:
        raise UsageError("edit.nothing")
    activity = service.edit_activity(
        EditActivity(ctx.member.id, number, changes, ctx.now), ctx.uow
    )
    card = activity_card(activity, ctx.member.timezone)
    return [Reply((Msg.of("activity.edited"), *card), effect=Effect.CHANGED)]


def parse_delete(text: str, today: date) -> int:
    number, rest = required_number(text, "delete.usage")
    if rest:
        raise UsageError("delete.usage")
    return number


@commands.command("delete", nl=("verwijder",), en=("delete",), parse=parse_delete, order=50)
def delete(ctx: Context, number: int) -> list[Reply]:
    activity = service.get_activity(ctx.uow, ctx.member.id, number)
    question = (Msg.of("delete.confirm"), activity_summary(activity))
    choices = [("yes", Msg.of("delete.yes")), ("no", Msg.of("delete.no"))]
    return [ask(ctx, "confirm_delete", question, choices, {"number": number})]


@flows.flow("confirm_delete")
def answer_delete(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        choice = {
            "ja": "yes",
            "j": "yes",
            "yes": "yes",
            "y": "yes",
            "nee": "no",
            "n": "no",
            "no": "no",
        }.get((text or "").lower())
    if choice is None:
        return [Reply.public("delete.answer_yes_no")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice != "yes":
        return [Reply.of("delete.kept")]
    activity = service.delete_activity(
        DeleteActivity(ctx.member.id, int(flow.data["number"]), ctx.now), ctx.uow
    )
    parts = (Msg.of("delete.done"), activity_summary(activity), Msg.of("delete.undo_tip"))
    return [Reply(parts, effect=Effect.CHANGED)]

"""/log, /activities, /edit, /delete, /undo, /reflect, /evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.chat.flows import FlowSet, ask
from bot.chat.handlers.catalogue import offering_hint
from bot.chat.handlers.common import (
    activity_card,
    activity_summary,
    extract_visibility,
    is_url,
    leading_number,
    required_number,
    title_of,
)
from bot.chat.parsing import (
    ParsedActivity,
    parse_activity_text,
    parse_duration,
    parse_kind,
    parse_period,
)
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.activities import Activity, ActivityKind, CompetenceArea, LearningForm, Visibility
from bot.i18n import Hours, Label, Msg
from bot.services import activities as service
from bot.services.commands import (
    AddReflection,
    AttachEvidence,
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


def parse_log(text: str, today: date) -> LogArgs:
    if not text:
        raise UsageError("log.empty")
    visibility, text = extract_visibility(text)
    parsed = parse_activity_text(text, today)
    if parsed.future_date:
        raise UsageError("log.future_date")
    if not parsed.title and not parsed.kind_found:
        raise UsageError("log.what")
    return LogArgs(parsed, visibility)


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
    draft = _draft(args, ctx.today)
    if args.parsed.minutes is None:
        question = (
            Msg.of("log.ask_duration", title=args.parsed.title or Label(f"kind.{draft['kind']}")),
        )
        choices = [(key, Msg.of(f"duration.{key}")) for key, _ in DURATION_CHOICES]
        return [ask(ctx, "log_duration", question, choices, {"draft": draft})]
    return _store_draft(ctx, draft, args.parsed.minutes)


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
    goal = None
    match = _GOAL_REF.search(text)
    if match:
        goal = int(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()
    found = _period_and_kind(text, today)
    if found is None:
        raise UsageError("activities.bad_filter", filter=text[:60])
    period, kind = found
    flt = ActivityFilter(
        since=period.start if period else None,
        until=period.end if period else None,
        kind=kind,
        goal_number=goal,
    )
    return ListArgs(flt, period, text)


@commands.command(
    "activities", nl=("activiteiten",), en=("activities",), parse=parse_list, order=20
)
def activities(ctx: Context, args: ListArgs) -> list[Reply]:
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
    parts += [activity_summary(activity) for activity in overview.activities]
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
    activity = service.edit_activity(EditActivity(ctx.member.id, number, changes), ctx.uow)
    return [Reply((Msg.of("activity.edited"), *activity_card(activity)), effect=Effect.CHANGED)]


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
    activity = service.delete_activity(ctx.uow, ctx.member.id, int(flow.data["number"]))
    return [Reply((Msg.of("delete.done"), activity_summary(activity)), effect=Effect.CHANGED)]


@commands.command("undo", nl=("ongedaan",), en=("undo",), ack="ack.changed", order=30)
def undo(ctx: Context, args: str) -> list[Reply]:
    if args:
        raise UsageError("undo.no_arguments")
    removed = service.undo_last(ctx.uow, ctx.member.id)
    if removed is None:
        return [Reply.of("undo.nothing")]
    if isinstance(removed, Activity):
        return [Reply((Msg.of("undo.activity"), activity_summary(removed)), effect=Effect.CHANGED)]
    return [Reply.done("undo.goal", number=removed.number, title=removed.title)]


def parse_reflect(text: str, today: date) -> tuple[int | None, str]:
    return leading_number(text)


@commands.command(
    "reflect", nl=("reflectie", "reflecteer"), en=("reflect",), parse=parse_reflect, order=60
)
def reflect(ctx: Context, args: tuple[int | None, str]) -> list[Reply]:
    number, text = args
    activity = service.get_activity(ctx.uow, ctx.member.id, number)
    if not text:
        question = (Msg.of("reflect.ask", number=activity.number, title=title_of(activity)),)
        return [ask(ctx, "reflect", question, [], {"number": activity.number})]
    return _reflected(ctx, activity.number, text)


def _reflected(ctx: Context, number: int, text: str) -> list[Reply]:
    activity = service.add_reflection(AddReflection(ctx.member.id, number, text), ctx.uow)
    saved = Msg.of("reflect.saved", number=activity.number, title=title_of(activity))
    return [Reply((saved,), effect=Effect.CHANGED)]


@flows.flow("reflect")
def answer_reflect(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if not text:
        return [Reply.public("reflect.empty")]
    ctx.uow.flows.clear(ctx.member.id)
    return _reflected(ctx, int(flow.data["number"]), text)


def parse_evidence(text: str, today: date) -> tuple[int | None, str]:
    number, rest = leading_number(text)
    if not is_url(rest):
        raise UsageError("evidence.usage")
    return number, rest


@commands.command(
    "evidence", nl=("bewijs",), en=("evidence",), parse=parse_evidence, ack="ack.changed", order=65
)
def evidence(ctx: Context, args: tuple[int | None, str]) -> list[Reply]:
    number, url = args
    activity = service.attach_evidence(AttachEvidence(ctx.member.id, number, url), ctx.uow)
    return [Reply.done("evidence.saved", number=activity.number, title=title_of(activity))]

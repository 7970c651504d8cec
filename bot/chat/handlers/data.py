"""Own your data: /export, /overzicht, /import, /mijngegevens, /vergeet.

The handlers read a snapshot in the transaction; files are made afterwards on a worker
thread (LaterAttachment), so exports of years of data keep no one else waiting."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.chat.flows import FlowSet, ask
from bot.chat.messages import Attachment
from bot.chat.parsing import find_date, parse_period
from bot.chat.parsing.normalise import fold
from bot.chat.registry import CommandSet
from bot.chat.replies import LaterAttachment, Reply, UsageError
from bot.domain.activities import LearningForm
from bot.domain.periods import Period, school_year_of
from bot.i18n import Hours, Label, Msg, Translator
from bot.services import privacy
from bot.services.export import load_portfolio, portfolio_document
from bot.services.export_csv import CsvDialect, portfolio_csv
from bot.services.portfolio_import import ImportPortfolio, import_portfolio

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.services.words import Words

commands = CommandSet()
flows = FlowSet()

FORMATS = ("json", "pdf", "csv", "xapi")
_INTERNATIONAL = {"komma", "comma", "internationaal", "international", "en"}
_ALL = {"alles", "all", "altijd", "everything"}
_RANGE = re.compile(r"\s+(?:tot\s+en\s+met|t/m|tot|until|to|through|-|–)\s+")
_LEAD = re.compile(r"^(?:van|from|vanaf)\s+")


@dataclass(frozen=True)
class ExportArgs:
    fmt: str
    period: Period | None = None
    dialect: CsvDialect = CsvDialect.DUTCH


def parse_range(text: str, today: date) -> Period | None:
    """ "1 september 2025 tot 31 december 2025", "van 1-9-2025 t/m 1-1-2026"."""
    parts = _RANGE.split(_LEAD.sub("", fold(text).strip()), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = (find_date(part, today) for part in parts)
    if start is None or end is None or start[0] > end[0]:
        return None
    return Period(start[0], end[0])


def parse_when(text: str, today: date) -> Period | None:
    if not text or fold(text) in _ALL:
        return None
    period = parse_period(text, today) or parse_range(text, today)
    if period is None:
        raise UsageError("export.period_unknown", given=text[:40])
    return period


def parse_export(text: str, today: date) -> ExportArgs:
    words = text.split()
    fmt = words[0].lower() if words else "json"
    if fmt not in FORMATS:
        raise UsageError("export.unknown_format", given=fmt[:20])
    rest = words[1:]
    dialect = CsvDialect.DUTCH
    if fmt == "csv" and rest and rest[0].lower() in _INTERNATIONAL:
        dialect, rest = CsvDialect.INTERNATIONAL, rest[1:]
    period = parse_when(" ".join(rest), today)
    if period is not None and fmt == "json":
        raise UsageError("export.json_whole")
    return ExportArgs(fmt, period, dialect)


def words_for(ctx: Context) -> Words:
    translator = ctx.translator or Translator.load()
    language = ctx.member.language

    def words(key: str, /, **params: Any) -> str:
        return translator.text(language, key, **params)

    return words


@commands.command(
    "export",
    nl=("export", "exporteer"),
    en=("export",),
    parse=parse_export,
    order=95,
    group_menu=False,
)
def export(ctx: Context, args: ExportArgs) -> list[Reply]:
    portfolio = load_portfolio(ctx.uow, ctx.member.id, args.period)
    words, now = words_for(ctx), ctx.now
    stem = f"portfolio-{ctx.today.isoformat()}"

    def build() -> Attachment:
        if args.fmt == "pdf":
            from bot.services.export_pdf import portfolio_pdf

            return Attachment(f"{stem}.pdf", portfolio_pdf(portfolio, words), "application/pdf")
        if args.fmt == "csv":
            content = portfolio_csv(portfolio, words, args.dialect)
            return Attachment(f"{stem}.csv", content, "text/csv")
        if args.fmt == "xapi":
            from bot.services.export_xapi import portfolio_statements

            statements = portfolio_statements(portfolio, words, ctx.home_pages)
            content = json.dumps(statements, ensure_ascii=False, indent=1).encode()
            return Attachment(f"{stem}-xapi.json", content, "application/json")
        document = portfolio_document(portfolio, now)
        content = json.dumps(document, ensure_ascii=False, indent=1).encode()
        return Attachment(f"{stem}.json", content, "application/json")

    return [
        Reply(
            (
                Msg.of(
                    f"export.ready_{args.fmt}",
                    activities=len(portfolio.activities),
                    goals=len(portfolio.goals),
                ),
            ),
            attachment=LaterAttachment(build),
        )
    ]


def parse_stats(text: str, today: date) -> Period | None:
    """Nothing: this school year; "alles": everything (None)."""
    return parse_when(text, today) if text else school_year_of(today)


@commands.command("stats", nl=("overzicht",), en=("stats",), parse=parse_stats, order=96)
def stats(ctx: Context, period: Period | None) -> list[Reply]:
    portfolio = load_portfolio(ctx.uow, ctx.member.id, period)
    if not portfolio.activities:
        if period is None:
            return [Reply.of("stats.nothing_yet")]
        return [Reply.of("stats.empty", start=period.start, end=period.end)]
    dates = [a.date for a in portfolio.activities]
    shown = period or Period(min(dates), max(dates))
    words = words_for(ctx)
    per_form = dict.fromkeys(LearningForm, 0)
    for activity in portfolio.activities:
        per_form[activity.learning_form] += activity.minutes
    parts = [
        Msg.of(
            "stats.header",
            start=shown.start,
            end=shown.end,
            n=len(portfolio.activities),
            hours=Hours(sum(per_form.values())),
        )
    ]
    parts += [
        Msg.of("stats.form_line", form=Label(f"form.{form.value}"), hours=Hours(per_form[form]))
        for form in LearningForm
        if per_form[form]
    ]

    def build() -> Attachment:
        from bot.services.charts import hours_per_month_png

        png = hours_per_month_png(portfolio.activities, words)
        return Attachment(f"overzicht-{ctx.today.isoformat()}.png", png, "image/png")

    return [Reply(tuple(parts), attachment=LaterAttachment(build))]


@commands.command("import", nl=("importeer", "import"), en=("import",), order=97, group_menu=False)
def import_(ctx: Context, args: str) -> list[Reply]:
    if ctx.in_group:
        raise UsageError("import.private_only")
    file = ctx.incoming.attachment
    if file is None:
        return [Reply.of("import.send_file")]
    result = import_portfolio(ImportPortfolio(ctx.member.id, file.content, ctx.now), ctx.uow)
    if not result.activities_added and not result.goals_added:
        return [Reply.of("import.nothing_new", n=result.already_there)]
    return [
        Reply.of(
            "import.done",
            activities=result.activities_added,
            goals=result.goals_added,
            skipped=result.already_there,
        )
    ]


@commands.command("mydata", nl=("mijngegevens",), en=("mydata",), order=97, group_menu=False)
def mydata(ctx: Context, args: str) -> list[Reply]:
    stored = privacy.stored_data(ctx.uow, ctx.member.id)
    parts = [Msg.of("mydata.header", name=ctx.member.display_name)]
    for table in MYDATA_ORDER:
        n = stored.counts.get(table, 0)
        if n and table != "members":
            parts.append(Msg.of(f"mydata.{table}", n=n))
    accounts = ", ".join(f"{platform} ({user_id})" for platform, user_id in stored.accounts)
    parts.append(Msg.of("mydata.accounts", accounts=accounts))
    parts.append(Msg.of("mydata.footer"))
    return [Reply(tuple(parts))]


MYDATA_ORDER = (
    "members",
    "activities",
    "goals",
    "reminders",
    "reminder_settings",
    "outbox",
    "pending_flows",
    "community_members",
    "reviews",
    "review_flags",
    "offering_suggestions",
    "review_rounds",
    "moderation_log",
    "round_prompt_optouts",
    "profile_photos",
    "introductions",
)


@commands.command("forget", nl=("vergeet",), en=("forget",), order=99, group_menu=False)
def forget(ctx: Context, args: str) -> list[Reply]:
    question = (Msg.of("forget.ask"), Msg.of("forget.ask_reviews"))
    options = [
        ("delete", Msg.of("forget.choice_delete")),
        ("keep", Msg.of("forget.choice_keep")),
        ("no", Msg.of("forget.choice_no")),
    ]
    return [ask(ctx, "forget", question, options)]


@flows.flow("forget")
def answer_forget(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        return [Reply.of("forget.use_buttons")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice == "no":
        return [Reply.of("forget.kept")]
    erased = privacy.forget_member(
        privacy.ForgetMember(ctx.member.id, keep_reviews=choice == "keep", now=ctx.now),
        ctx.uow,
    )
    parts = [Msg.of("forget.done")]
    for table in MYDATA_ORDER:
        n = erased.get(table, 0)
        if n and table != "members":
            key = "forget.anonymised" if table == "reviews" and choice == "keep" else "forget.line"
            parts.append(Msg.of(key, what=Msg.of(f"mydata.{table}", n=n)))
    parts.append(Msg.of("forget.goodbye"))
    return [Reply(tuple(parts))]

"""The grammar: parts of a time expression (a day, a clock time, a day part, an offset, a
vaguer week/month/year) read from tokens, joined by little words, longest first."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from bot.chat.parsing.when import days, months, offsets, times
from bot.chat.parsing.when.lexicon import CONNECTORS, RISKY_WEEKDAYS, STARTERS, WEEKDAYS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bot.chat.parsing.when.tokens import Token

Prefer = Literal["past", "future"]


@dataclass(frozen=True)
class Expr:
    """What one time expression says; fields left None were not said."""

    first: int = 0  # token index of the first consumed token
    last: int = 0  # token index after the last consumed token
    start: int = 0  # span in the folded text
    end: int = 0
    day: date | None = None
    weekday: int | None = None  # a weekday said next to a date must agree with it
    hm: tuple[int, int] | None = None
    ampm: str | None = None  # "am" | "pm"
    exact24: bool = False  # "15:00", "08:30": no 12-hour doubt
    colon: bool = False  # written "3:30": 03:30 or 15:30 is a real doubt
    daypart: str | None = None  # ochtend | middag | avond | nacht | noon
    rel_seconds: float | None = None
    rel_days: int | None = None
    rel_months: int | None = None
    coarse: str | None = None  # week | month | year | weekend
    coarse_start: date | None = None
    error: str | None = None  # "when.invalid_date", "when.weekday_mismatch"

    @property
    def has_day(self) -> bool:
        return self.day is not None or self.rel_days is not None or self.rel_months is not None


@dataclass
class Ctx:
    tokens: list[Token]
    today: date
    prefer: Prefer
    strict: bool  # past mode: "2 uur" is a duration, "om 2 uur" a time
    initial: int = 0  # token index where a lone "do"/"ma" may still be a day
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.texts = [token.text for token in self.tokens]


_PARTS = (months.parse_day, times.parse_time, offsets.parse_relative, times.parse_daypart)


def _merge(base: Expr, part: Expr) -> Expr | None:
    """`base` with the fields `part` set, or None when both set the same thing."""
    week = part if part.coarse == "week" else base if base.coarse == "week" else None
    plain = base if week is part else part
    if (
        week is not None
        and week.coarse_start
        and plain.weekday is not None
        and plain.day
        and plain.day.weekday() == plain.weekday  # "woensdag … volgende week"
        and week.error is None
    ):
        day = week.coarse_start + timedelta(days=plain.weekday)
        both = replace(base, coarse=None, coarse_start=None, day=None, weekday=None)
        merged = _merge(
            both, replace(part, coarse=None, coarse_start=None, day=None, weekday=None)
        )
        return None if merged is None else replace(merged, day=day, weekday=plain.weekday)
    lone_weekday = part.hm is None and part.coarse is None and part.daypart is None
    if lone_weekday and part.weekday is not None and base.day and base.weekday is None:
        agrees = base.day.weekday() == part.weekday  # "Jul 18, Sat"
        error = base.error if agrees else "when.weekday_mismatch"
        return replace(base, weekday=part.weekday, error=error)
    changes = {}
    for item in fields(Expr):
        name = item.name
        if name in ("first", "last", "start", "end", "exact24", "colon"):
            continue
        value = getattr(part, name)
        if value is None:
            continue
        if getattr(base, name) is not None:
            if name == "daypart" and getattr(base, name) == value:
                continue
            return None
        changes[name] = value
    if part.exact24:
        changes["exact24"] = True
    if part.colon:
        changes["colon"] = True
    return replace(base, **changes)


def _part_at(ctx: Ctx, i: int) -> tuple[Expr, int] | None:
    best: tuple[Expr, int] | None = None
    for parse in _PARTS:
        try:
            found = parse(ctx, i)
        except (OverflowError, ValueError):  # a date beyond the calendar's ends
            found = None
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    return best


def _risky_alone(ctx: Ctx, expr: Expr, i: int, j: int) -> bool:
    """A lone "do"/"ma"/"sun" that is probably a word, not a day."""
    if j - i != 1 or expr.weekday is None or expr.day is None:
        return False
    token = ctx.tokens[i]
    if token.text not in RISKY_WEEKDAYS or token.text not in WEEKDAYS:
        return False
    following = ctx.texts[j] if j < len(ctx.texts) else ""
    if following == "." and ctx.tokens[j].start == token.end:
        return False  # "do.", "zo."
    if i == ctx.initial:  # "zo gedaan, 2u" in a log is no Sunday; "/herinner sat …" is
        return ctx.strict and following.isalpha()
    return True


def _number_run(ctx: Ctx, i: int) -> bool:
    """ "1 1 1 …": a number followed by another apart, not a day ("31 10 1974" is one)."""
    texts = ctx.texts
    if i + 1 >= len(texts) or not texts[i + 1].isdecimal() or days.adj(ctx, i):
        return False
    return not (i + 2 < len(texts) and len(texts[i + 2]) == 4 and texts[i + 2].isdecimal())


def parse_at(ctx: Ctx, i: int) -> Expr | None:
    """The longest time expression starting at token i (never starting with a connector)."""
    tokens = ctx.tokens
    first = tokens[i].text
    if not (first in STARTERS or first.isdecimal() or days.compound(first)):
        return None
    if first.isdecimal() and _number_run(ctx, i):
        return None
    expr: Expr | None = None
    j = i
    while j < len(tokens):
        found = _part_at(ctx, j)
        k = j
        if expr is not None:
            while k < len(tokens) and tokens[k].text in CONNECTORS:
                k += 1
            later = _part_at(ctx, k) if k > j else None
            if later is not None and (found is None or later[1] > found[1]):
                found = later
        if found is None:
            break
        part, end = found
        if expr is None and _risky_alone(ctx, part, k, end):
            break
        merged = _merge(expr or Expr(), part)
        if merged is None:
            break
        expr, j = merged, end
    if expr is None:
        return None
    j = offsets.trailing_modifier(tokens, j)
    return replace(expr, first=i, last=j, start=tokens[i].start, end=tokens[j - 1].end)


def expressions(
    tokens: list[Token], today: date, prefer: Prefer, *, strict: bool = False, initial: int = 0
) -> list[Expr]:
    """Every time expression, left to right, none overlapping; a leading connector ("op",
    "om", "on", "at", "the", "de") belongs to the expression after it."""
    return list(iter_expressions(tokens, today, prefer, strict=strict, initial=initial))


def iter_expressions(
    tokens: list[Token], today: date, prefer: Prefer, *, strict: bool = False, initial: int = 0
) -> Iterator[Expr]:
    """`expressions`, one at a time (a caller that wants the first stops early)."""
    ctx = Ctx(tokens, today, prefer, strict, initial)
    last = 0
    i = 0
    while i < len(tokens):
        expr = parse_at(ctx, i)
        if expr is None:
            i += 1
            continue
        lead = i
        while lead > 0 and tokens[lead - 1].text in CONNECTORS - {",", ".", "-"}:
            lead -= 1
            if lead < last:
                lead += 1
                break
        yield replace(expr, first=lead, start=tokens[lead].start)
        i = last = expr.last

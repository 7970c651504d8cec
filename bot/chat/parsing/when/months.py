"""Days counted within a month or named vaguely: "op de 15de", "eerste dinsdag in oktober",
"last day of october 2015", "20th of next month", "vorige week", "volgend jaar maart"."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.chat.parsing.when.days import (
    _compound,
    _day_word,
    _expr,
    _named,
    _numeric,
    _skip,
    _weekday,
    _weekday_word,
    _year,
    add_months,
    adj,
    day_number,
    make,
    month_at,
    text,
)
from bot.chat.parsing.when.lexicon import (
    LAST_WORDS,
    MONTH_NAMES,
    NEXT_WORDS,
    ORDINAL_SUFFIXES,
    ORDINALS,
    RISKY_MONTHS,
    THIS_WORDS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Ctx

_Found = tuple["Expr", int] | None

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Expr


def _coarse(ctx: Ctx, i: int) -> _Found:
    """ "vorige week", "next month", "volgend jaar [maart]", "dit weekend", "maart"."""
    today = ctx.today
    q = text(ctx, i)
    j = i
    if q == "the" and text(ctx, i + 1) in ("following", "next", "coming"):
        q, j = "next", i + 1
    if q == "this" and text(ctx, j + 1) == "past":
        q, j = "last", j + 1
    offset = 1 if q in NEXT_WORDS else -1 if q in LAST_WORDS else 0 if q in THIS_WORDS else None
    if offset is not None:
        unit = text(ctx, j + 1)
        end = j + 2
        if unit == "week" and text(ctx, end) == "-" and text(ctx, end + 1) == "end":
            unit, end = "weekend", end + 2
        if unit in ("week", "wk", "weekend"):
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7 * offset)
            return _expr(coarse=unit.replace("wk", "week"), coarse_start=monday), end
        if unit in ("maand", "month"):
            first = add_months(today.replace(day=1), offset)
            return _expr(coarse="month", coarse_start=first), end
        if unit in ("jaar", "year", "yr"):
            month = month_at(ctx, end)
            if month is not None:
                first = date(today.year + offset, month[0], 1)
                return _expr(coarse="month", coarse_start=first), month[1]
            return _expr(coarse="year", coarse_start=date(today.year + offset, 1, 1)), end
        if unit in MONTH_NAMES:
            return _expr(coarse="month", coarse_start=None), end
        return None
    if q in ("weekend", "week"):
        return None
    month = month_at(ctx, i)
    if month is None:
        return None
    m, j = month
    year = _year(ctx, j, short_ok=False)
    if year is not None:
        return _expr(coarse="month", coarse_start=date(year[0], m, 1)), year[1]
    if q in RISKY_MONTHS and i > 0 and text(ctx, i - 1) not in ("in", "during", "tijdens"):
        return None
    return _expr(coarse="month", coarse_start=None), j


def _of_month(ctx: Ctx, j: int) -> tuple[int, int, int] | None:
    """ "in maart [2014]", "of this month", "van de volgende maand": (year, month, next)."""
    if text(ctx, j) not in ("in", "of", "van"):
        return None
    j = _skip(ctx, j + 1, {"the", "de"})
    q = text(ctx, j)
    offset = 1 if q in NEXT_WORDS else -1 if q in LAST_WORDS else 0 if q in THIS_WORDS else None
    if offset is not None and text(ctx, j + 1) in ("maand", "month"):
        first = add_months(ctx.today.replace(day=1), offset)
        return first.year, first.month, j + 2
    if q in ("maand", "month"):
        return ctx.today.year, ctx.today.month, j + 1
    month = month_at(ctx, j)
    if month is None:
        return None
    year = _year(ctx, month[1], short_ok=False)
    if year is not None:
        return year[0], month[0], year[1]
    y = ctx.today.year
    step = -1 if ctx.prefer == "past" else 1
    return y, month[0], -month[1] if step else month[1]  # negative: year still to choose


def _nth(ctx: Ctx, i: int) -> _Found:
    """ "eerste dinsdag in oktober", "last day of october 2015", "20th of next month",
    "derde dag in oktober", "first week of october 2014"."""
    j = _skip(ctx, i, {"the", "de", "op"})
    t = text(ctx, j)
    n = ORDINALS.get(t)
    k = j + 1
    if n is None:
        number = day_number(ctx, j)
        if number is None:
            return None
        n, k = number
    what = text(ctx, k)
    target: int | str
    if what in WEEKDAYS and what not in ("do", "zo", "ma"):
        target, k = WEEKDAYS[what], k + 1
    elif what in ("dag", "day"):
        target, k = "day", k + 1
    elif what in ("week",):
        target, k = "week", k + 1
    else:
        target = "dom"
    where = _of_month(ctx, k)
    if where is None:
        return None
    year, month, end = where
    pending = end < 0
    end = abs(end)
    candidates = [year + d for d in ((0, 1, 2) if ctx.prefer == "future" else (0, -1, -2))]
    for y in candidates if pending else [year]:
        day = _pick(y, month, n, target)
        if day is None:
            return _expr(error="when.invalid_date"), end
        if target == "week":
            monday = day - timedelta(days=day.weekday())
            return _expr(coarse="week", coarse_start=monday), end
        if not pending or (day >= ctx.today if ctx.prefer == "future" else day <= ctx.today):
            return _expr(day=day), end
    return None


def _pick(year: int, month: int, n: int, target: int | str) -> date | None:
    last = calendar.monthrange(year, month)[1]
    if target in ("day", "dom"):
        return make(year, month, last if n == -1 else n)
    if target == "week":  # the n-th week that starts in the month (-1: the last)
        mondays = [d for d in range(1, last + 1) if date(year, month, d).weekday() == 0]
        mondays = [d for d in mondays if d + 3 <= last] if n == -1 else mondays
        return date(year, month, mondays[n if n == -1 else n - 1]) if n <= len(mondays) else None
    hits = [d for d in range(1, last + 1) if date(year, month, d).weekday() == target]
    if n == -1:
        return date(year, month, hits[-1])
    return date(year, month, hits[n - 1]) if n <= len(hits) else None


def _dom(ctx: Ctx, i: int) -> _Found:
    """ "op de 15de", "the 1st", "on the first": a day of this or the next/last month."""
    if text(ctx, i) not in ("de", "the"):
        return None
    named = _named(ctx, i + 1)
    if named is not None:
        return named
    number = day_number(ctx, i + 1)
    if number is None:
        return None
    d, j = number
    t = text(ctx, i + 1)
    if t.isdecimal() and j == i + 2 and text(ctx, j) not in ("", ",", "."):
        return None  # "de 15" only at the end: "de 15 leerlingen" is no day
    today = ctx.today
    for off in range(0, 3):
        first = add_months(today.replace(day=1), off if ctx.prefer == "future" else -off)
        found = make(first.year, first.month, d)
        if found and (found >= today if ctx.prefer == "future" else found <= today):
            return _expr(day=found), j
    return None


def _counted(ctx: Ctx, i: int) -> _Found:
    """Weekday with a date after it: "vrijdag 13 november", "Tuesday the 19th"."""
    found = _weekday_word(ctx, i)
    if found is None:
        return None
    index, j = found
    j = _skip(ctx, j, {","})
    for parse in (_named, _numeric, _dom, _ordinal_only):
        got = parse(ctx, j)
        if got is not None and got[0].day is not None:
            return _expr(day=got[0].day, weekday=index), got[1]
    return None


def _ordinal_only(ctx: Ctx, i: int) -> _Found:
    """ "19th" right after a weekday: a day of the month."""
    t = text(ctx, i)
    if not (t.isdecimal() and adj(ctx, i) and text(ctx, i + 1) in ORDINAL_SUFFIXES):
        return None
    return _dom_value(ctx, int(t), i + 2)


def _dom_value(ctx: Ctx, d: int, j: int) -> _Found:
    today = ctx.today
    for off in range(0, 3):
        first = add_months(today.replace(day=1), off if ctx.prefer == "future" else -off)
        found = make(first.year, first.month, d)
        if found and (found >= today if ctx.prefer == "future" else found <= today):
            return _expr(day=found), j
    return None


_DAY_PARTS = (_numeric, _named, _counted, _weekday, _day_word, _coarse, _nth, _dom)


def parse_day(ctx: Ctx, i: int) -> _Found:
    best: _Found = None
    for parse in _DAY_PARTS:
        found = parse(ctx, i)
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    if best is not None and best[0].weekday is not None and best[0].daypart is None:
        parts = [_compound(text(ctx, k)) for k in range(i, best[1])]
        part = next((p[1] for p in parts if p is not None), None)
        if part is not None:
            best = replace(best[0], daypart=part), best[1]
    if best is None:
        return None
    expr, end = best
    if expr.weekday is not None and expr.day and expr.day.weekday() != expr.weekday:
        return _expr(error="when.weekday_mismatch", day=expr.day), end
    return best

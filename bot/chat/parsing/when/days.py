"""Days: "gisteren", "vorige week dinsdag", "op de 15de", "3 maart 2015", "31-10-74",
"the first Monday of October", and vaguer "vorige week", "volgende maand", "maart"."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS, NOT_A_DATE_AFTER
from bot.chat.parsing.when.lexicon import (
    DAY_WORDS,
    DAYPART_WORDS,
    LAST_WORDS,
    MONTH_NAMES,
    NEXT_WORDS,
    NUMBER_WORDS,
    ORDINAL_SUFFIXES,
    ORDINALS,
    RISKY_MONTHS,
    THIS_WORDS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Ctx, Expr

_Found = tuple["Expr", int] | None
_NOT_DATE_UNIT = {"uur", "u", "h", "uren", "min", "minuten", "minutes", "hours", "hour", "am",
                  "pm", "p", "a", ":", "dagen", "days", "keer", "%"}  # fmt: skip


def _expr(**kw: object) -> Expr:
    from bot.chat.parsing.when.grammar import Expr

    return Expr(**kw)  # type: ignore[arg-type]


def text(ctx: Ctx, i: int) -> str:
    return ctx.tokens[i].text if 0 <= i < len(ctx.tokens) else ""


def adj(ctx: Ctx, i: int) -> bool:
    tokens = ctx.tokens
    return 0 <= i < len(tokens) - 1 and tokens[i].end == tokens[i + 1].start


def make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def year_less(ctx: Ctx, m: int, d: int) -> date | None:
    today, step = ctx.today, (-1 if ctx.prefer == "past" else 1)
    for off in range(9):
        found = make(today.year + step * off, m, d)
        if found and (found <= today if step == -1 else found >= today):
            return found
    return None


def _dated(ctx: Ctx, y: int | None, m: int, d: int, j: int) -> _Found:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    day = make(y, m, d) if y is not None else year_less(ctx, m, d)
    if day is None:
        return _expr(error="when.invalid_date"), j
    return _expr(day=day), j


def add_months(day: date, k: int) -> date:
    y, m = divmod(day.month - 1 + k, 12)
    return date(day.year + y, m + 1, min(day.day, calendar.monthrange(day.year + y, m + 1)[1]))


def _year(ctx: Ctx, i: int, short_ok: bool) -> tuple[int, int] | None:
    """A year at token i: "2015", or "15"/"'15" when `short_ok`; (year, next index)."""
    t = ctx.tokens[i] if i < len(ctx.tokens) else None
    if t is None or not t.is_num:
        return None
    if len(t.text) == 4 and 1900 <= t.num <= 2100:
        return t.num, i + 1
    if short_ok and len(t.text) == 2 and text(ctx, i + 1) not in _NOT_DATE_UNIT:
        return 2000 + t.num if t.num < 70 else 1900 + t.num, i + 1
    return None


def day_number(ctx: Ctx, i: int) -> tuple[int, int] | None:
    """A day of the month at i: "15", "15de", "1st", "eerste", "first"."""
    t = text(ctx, i)
    if t in ORDINALS and ORDINALS[t] > 0:
        return ORDINALS[t], i + 1
    if not t.isdecimal() or len(t) > 2 or not 1 <= int(t) <= 31:
        return None
    if adj(ctx, i) and text(ctx, i + 1) in ORDINAL_SUFFIXES:
        return int(t), i + 2
    return int(t), i + 1


def month_at(ctx: Ctx, i: int) -> tuple[int, int] | None:
    t = text(ctx, i)
    if t not in MONTH_NAMES:
        return None
    j = i + 1
    if text(ctx, j) == "." and adj(ctx, i):
        j += 1
    return MONTH_NAMES[t], j


def _skip(ctx: Ctx, j: int, words: set[str]) -> int:
    while text(ctx, j) in words:
        j += 1
    return j


def _named(ctx: Ctx, i: int) -> _Found:
    """"3 maart [2015]", "the 15th of february", "march 3rd, 2015", "februari 15"."""
    first = day_number(ctx, i)
    if first is not None:
        d, j = first
        sep = text(ctx, j) if text(ctx, j) in ("/", "-") and adj(ctx, j - 1) else ""
        j = j + 1 if sep else _skip(ctx, j, {"of", "van"})
        month = month_at(ctx, j)
        if month is None:
            return None
        m, j = month
        k = j + 1 if text(ctx, j) == "," or (sep and text(ctx, j) == sep) else j
        year = _year(ctx, k, short_ok=True)
        return _dated(ctx, year[0] if year else None, m, d, year[1] if year else j)
    month = month_at(ctx, i)
    if month is None or text(ctx, i) == "jan":  # "met Jan 12" is a colleague
        return None
    m, j = month
    j = _skip(ctx, j, {"the", "de"})
    number = day_number(ctx, j)
    if number is None or text(ctx, number[1]) in _NOT_DATE_UNIT | {"."}:
        return None
    d, j = number
    k = j + 1 if text(ctx, j) == "," else j
    year = _year(ctx, k, short_ok=False)
    return _dated(ctx, year[0] if year else None, m, d, year[1] if year else j)


def _numeric(ctx: Ctx, i: int) -> _Found:
    """"31-10-1974", "31.10.74", "3/3/15", "2015-03-03", "15-2", "15 / 2", "2014-10"."""
    t0 = ctx.tokens[i] if i < len(ctx.tokens) else None
    if t0 is None or not t0.is_num:
        return None
    sep = text(ctx, i + 1)
    if sep.isdecimal() and text(ctx, i + 2).isdecimal() and len(text(ctx, i + 2)) == 4:
        return _dated(ctx, ctx.tokens[i + 2].num, int(sep), t0.num, i + 3)  # "31 10 1974"
    if sep not in ("-", "/", ".") or not (text(ctx, i + 2).isdecimal()):
        return None
    spaced = not adj(ctx, i)
    if spaced and (sep == "." or adj(ctx, i + 1)):
        return None
    a, b = t0.num, ctx.tokens[i + 2].num
    j = i + 3
    if text(ctx, j) == sep and text(ctx, j + 1).isdecimal() and adj(ctx, j - 1) and adj(ctx, j):
        c = ctx.tokens[j + 1]
        if len(t0.text) == 4:
            return _dated(ctx, a, b, c.num, j + 2)
        if len(c.text) in (2, 4):
            year = c.num if len(c.text) == 4 else (2000 + c.num if c.num < 70 else 1900 + c.num)
            return _dated(ctx, year, b, a, j + 2)
        return None
    if text(ctx, j) in ("-", "/", ".", ":", ",") and adj(ctx, j - 1) and text(ctx, j + 1).isdecimal():
        return None
    if len(t0.text) == 4 and 1 <= b <= 12 and sep != ".":
        return _expr(coarse="month", coarse_start=date(a, b, 1)), j
    if len(ctx.tokens[i + 2].text) == 4 and 1 <= a <= 12:
        return _expr(coarse="month", coarse_start=date(ctx.tokens[i + 2].num, a, 1)), j
    if len(t0.text) > 2 or len(ctx.tokens[i + 2].text) > 2:
        return None
    before = text(ctx, i - 1)
    if before in NOT_A_DATE_AFTER or text(ctx, j) in _NOT_DATE_UNIT:
        return None
    if sep == "." and (before in ("om", "at", "@") or b > 12):
        return None
    if not (1 <= b <= 12 and 1 <= a <= 31):
        return None
    return _dated(ctx, None, b, a, j)


def _compound(t: str) -> tuple[int, str] | None:
    """"vrijdagmiddag", "maandagochtend": a weekday and a day part in one word."""
    for name, index in FULL_WEEKDAYS.items():
        if t.startswith(name) and t[len(name) :] in DAYPART_WORDS:
            return index, DAYPART_WORDS[t[len(name) :]]
    return None


def _weekday_word(ctx: Ctx, i: int) -> tuple[int, int] | None:
    t = text(ctx, i)
    if _compound(t) is not None:
        return _compound(t)[0], i + 1  # type: ignore[index]
    if t not in WEEKDAYS:
        return None
    j = i + 1
    if text(ctx, j) == "." and adj(ctx, i):
        j += 1
    if text(ctx, j) == "'" and text(ctx, j + 1) == "s":  # "last week's sunday" read elsewhere
        return None
    return WEEKDAYS[t], j


def _in_week(ctx: Ctx, index: int, weeks: int) -> date:
    return ctx.today + timedelta(days=7 * weeks - ctx.today.weekday() + index)


def _week_words(ctx: Ctx, i: int) -> tuple[int, int] | None:
    """"volgende week", "last week's", "of next week", "van deze week": (offset, next)."""
    j = _skip(ctx, i, {"of", "van", "from", "the", "de"})
    q = text(ctx, j)
    offset = 1 if q in NEXT_WORDS else -1 if q in LAST_WORDS else 0 if q in THIS_WORDS else None
    if offset is None or text(ctx, j + 1) not in ("week", "wk"):
        return None
    j += 2
    if text(ctx, j) == "'" and text(ctx, j + 1) == "s":
        j += 2
    return offset, j


def _weekday(ctx: Ctx, i: int) -> _Found:
    today = ctx.today
    week = _week_words(ctx, i)
    if week is not None and text(ctx, i) not in ("of", "van", "from", "the", "de"):
        offset, j = week
        j = _skip(ctx, j, {"op", "on"})
        found = _weekday_word(ctx, j)
        if found is not None:
            return _expr(day=_in_week(ctx, found[0], offset), weekday=found[0]), found[1]
    q = text(ctx, i)
    qual = i + 1 if q in NEXT_WORDS | LAST_WORDS | THIS_WORDS else i
    found = _weekday_word(ctx, qual)
    if found is None:
        return None
    index, j = found
    wd = today.weekday()
    ahead = today + timedelta(days=(index - wd) % 7 or 7)
    if qual > i and q in LAST_WORDS:
        day = today - timedelta(days=(wd - index) % 7 or 7)
    elif qual > i and q in NEXT_WORDS:
        day = ahead
    elif ctx.prefer == "past":
        day = today - timedelta(days=(wd - index) % 7)
    else:
        day = ahead
    after = _week_words(ctx, j)
    if after is not None and qual == i:
        return _expr(day=_in_week(ctx, index, after[0]), weekday=index), after[1]
    if text(ctx, j) in ("after", "na") and text(ctx, j + 1) in ("next", "volgende"):
        return _expr(day=ahead + timedelta(days=7), weekday=index), j + 2
    if text(ctx, j) == "over" and text(ctx, j + 1) in ("een", "1") and text(ctx, j + 2) == "week":
        return _expr(day=_in_week(ctx, index, 1), weekday=index), j + 3
    return _expr(day=day, weekday=index), j


def _day_word(ctx: Ctx, i: int) -> _Found:
    t = text(ctx, i)
    if t in DAY_WORDS:
        offset, part = DAY_WORDS[t]
        return _expr(day=ctx.today + timedelta(days=offset), daypart=part), i + 1
    words = [text(ctx, k) for k in range(i, i + 4)]
    for phrase, offset in ((["the", "day", "after", "tomorrow"], 2),
                           (["day", "after", "tomorrow"], 2),
                           (["the", "day", "before", "yesterday"], -2),
                           (["day", "before", "yesterday"], -2)):  # fmt: skip
        if words[: len(phrase)] == phrase:
            return _expr(day=ctx.today + timedelta(days=offset)), i + len(phrase)
    late = 1 if t in ("late", "laat") else 0
    q, part = words[late], words[late + 1] if late + 1 < 4 else ""
    if q in ("this", "deze", "today", "vandaag") and part in DAYPART_WORDS and part != "morgen":
        return _expr(day=ctx.today, daypart="laat" if late else DAYPART_WORDS[part]), i + 2 + late
    if q == "last" and part == "night":
        return _expr(day=ctx.today - timedelta(days=1), daypart="avond"), i + 2 + late
    if late and q in ("tonight", "tonite", "vanavond"):
        return _expr(day=ctx.today, daypart="laat"), i + 2
    return None


def _coarse(ctx: Ctx, i: int) -> _Found:
    """"vorige week", "next month", "volgend jaar [maart]", "dit weekend", "maart"."""
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
            return _expr(coarse="month", coarse_start=add_months(today.replace(day=1), offset)), end
        if unit in ("jaar", "year", "yr"):
            month = month_at(ctx, end)
            if month is not None:
                return _expr(coarse="month", coarse_start=date(today.year + offset, month[0], 1)), month[1]
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
    """"in maart [2014]", "of this month", "van de volgende maand": (year, month, next)."""
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
    """"eerste dinsdag in oktober", "last day of october 2015", "20th of next month",
    "derde dag in oktober", "first week of october 2014"."""
    j = _skip(ctx, i, {"the", "de", "op"})
    t = text(ctx, j)
    n = ORDINALS.get(t)
    k = j + 1
    if n is None:
        number = day_number(ctx, j)
        if number is None or number[1] == j + 1 and not text(ctx, j + 1) in ("of", "van"):
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
    """"op de 15de", "the 1st", "on the first": a day of this or the next/last month."""
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
    if t.isdecimal() and j == i + 2 and not (ctx.tokens[i + 1].num <= 31 and text(ctx, j) in ("", ",", ".")):
        return None
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
    """"19th" right after a weekday: a day of the month."""
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
    if best is not None and best[0].weekday is not None and best[0].day is not None:
        if best[0].day.weekday() != best[0].weekday:
            return _expr(error="when.weekday_mismatch", day=best[0].day), best[1]
    return best


_ = NUMBER_WORDS


def _weekday_nth(ctx: Ctx, index: int, k: int) -> date:
    """The k-th such weekday after today (k > 0) or before it (k < 0)."""
    today = ctx.today
    if k > 0:
        return today + timedelta(days=((index - today.weekday()) % 7 or 7) + 7 * (k - 1))
    return today - timedelta(days=((today.weekday() - index) % 7 or 7) + 7 * (-k - 1))

"""Days: "gisteren", "vorige week dinsdag", "op de 15de", "3 maart 2015", "31-10-74",
"the first Monday of October", and vaguer "vorige week", "volgende maand", "maart"."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS, NOT_A_DATE_AFTER
from bot.chat.parsing.when.lexicon import (
    DAY_WORDS,
    DAYPART_WORDS,
    LAST_WORDS,
    MONTH_NAMES,
    NEXT_WORDS,
    ORDINAL_SUFFIXES,
    ORDINALS,
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
    texts = ctx.texts
    return texts[i] if 0 <= i < len(texts) else ""


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
    """ "3 maart [2015]", "the 15th of february", "march 3rd, 2015", "februari 15"."""
    first = day_number(ctx, i)
    if first is not None and text(ctx, i - 1) in NOT_A_DATE_AFTER:
        return None  # "les 3 mei", "hoofdstuk 2 of march"
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
    """ "31-10-1974", "31.10.74", "3/3/15", "2015-03-03", "15-2", "15 / 2", "2014-10"."""
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
        found: _Found = None
        if len(t0.text) == 4:
            found = _dated(ctx, a, b, c.num, j + 2)
        elif len(c.text) in (2, 4):
            year = c.num if len(c.text) == 4 else (2000 + c.num if c.num < 70 else 1900 + c.num)
            found = _dated(ctx, year, b, a, j + 2)
        else:
            return None
        return found or (_expr(error="when.invalid_date"), j + 2)  # "2026-13-01"
    more = text(ctx, j) in ("-", "/", ".", ":", ",") and adj(ctx, j - 1)
    if more and text(ctx, j + 1).isdecimal():
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


@lru_cache(maxsize=4096)
def _compound(t: str) -> tuple[int, str] | None:
    """ "vrijdagmiddag", "maandagochtend": a weekday and a day part in one word."""
    if len(t) < 11:
        return None
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
    """ "volgende week", "last week's", "of next week", "van deze week": (offset, next)."""
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


_DAY_WORD_STARTS = {"the", "day", "late", "laat", "this", "deze", "today", "vandaag", "last"}


def _day_word(ctx: Ctx, i: int) -> _Found:
    t = text(ctx, i)
    if t in DAY_WORDS:
        offset, part = DAY_WORDS[t]
        return _expr(day=ctx.today + timedelta(days=offset), daypart=part), i + 1
    if t not in _DAY_WORD_STARTS:
        return None
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


def _weekday_nth(ctx: Ctx, index: int, k: int) -> date:
    """The k-th such weekday after today (k > 0) or before it (k < 0)."""
    today = ctx.today
    if k > 0:
        return today + timedelta(days=((index - today.weekday()) % 7 or 7) + 7 * (k - 1))
    return today - timedelta(days=((today.weekday() - index) % 7 or 7) + 7 * (-k - 1))


compound = _compound

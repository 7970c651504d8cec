"""Clock times ("om half vier", "kwart over 2", "3pm", "17u10", "14 uur 15"), day parts
("'s avonds", "in the morning") and offsets ("over 2 uur", "3 days ago", "in 1/4h")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.parsing.when.days import adj, text
from bot.chat.parsing.when.lexicon import (
    DAY_WORDS,
    DAYPART_WORDS,
    ENGLISH_NUMBERS,
    NUMBER_WORDS,
    UNIT_DAYS,
    UNIT_MONTHS,
    UNIT_SECONDS,
)

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Ctx, Expr

_Found = tuple["Expr", int] | None


_AT = {"om", "at", "@", "rond", "rondom", "around", "tegen", "for", "stipt", "approximately",
       "circa", "ca", "ongeveer", "about", "omstreeks"}  # fmt: skip


_HOUR_WORD = {"uur", "u", "h", "oclock"}


def _expr(**kw: object) -> Expr:
    from bot.chat.parsing.when.grammar import Expr

    return Expr(**kw)  # type: ignore[arg-type]


def _hour_value(ctx: Ctx, i: int) -> tuple[int, int, bool] | None:
    """An hour at i: "3", "15", "drie", "three"; (hour, next, written as 24-hour)."""
    t = text(ctx, i)
    if t.isdecimal() and len(t) <= 2 and int(t) <= 24:
        return int(t), i + 1, len(t) == 2 and (t[0] == "0" or int(t) > 12)
    if t in NUMBER_WORDS and 1 <= NUMBER_WORDS[t] <= 12 and t not in ("a", "an", "een", "one"):
        return NUMBER_WORDS[t], i + 1, False
    if t in ("een", "one", "twaalf", "twelve") and text(ctx, i + 1) in _HOUR_WORD | {"'"}:
        return NUMBER_WORDS[t], i + 1, False
    return None


def _ampm(ctx: Ctx, j: int) -> tuple[str, int] | None:
    """ "pm", "p.m.", "p m", "p", "a", "am" right after a time."""
    t = text(ctx, j)
    if t in ("am", "pm"):
        k = j + 1
        if text(ctx, k) == "." and adj(ctx, j):
            k += 1
        return t, k
    if t in ("a", "p"):
        k = j + 1
        if text(ctx, k) == "." and adj(ctx, j):
            k += 1
            if text(ctx, k) == "m" and adj(ctx, k - 1):
                k += 1
                if text(ctx, k) == "." and adj(ctx, k - 1):
                    k += 1
        elif text(ctx, k) == "m":
            k += 1
        return ("am" if t == "a" else "pm"), k
    if t == "in" and text(ctx, j + 1) == "the" and text(ctx, j + 2) in ("am", "pm"):
        return text(ctx, j + 2), j + 3
    return None


def _oclock(ctx: Ctx, j: int) -> int:
    if text(ctx, j) == "o" and text(ctx, j + 1) == "'" and text(ctx, j + 2) == "clock":
        return j + 3
    if text(ctx, j) in ("oclock", "uur"):
        return j + 1
    if text(ctx, j) == "ish" and adj(ctx, j - 1):
        return j + 1
    return j


def _finish(h: int, m: int, j: int, exact: bool, ctx: Ctx) -> _Found:
    ampm = _ampm(ctx, j)
    part = None
    if ampm is not None:
        if not 1 <= h <= 12:
            return _expr(error="when.invalid_time"), ampm[1]
        part, j = ampm
        h = h % 12 + (12 if part == "pm" else 0)
        exact = True
    if h == 24 and m == 0:
        h = 0
    if h > 23 or m > 59:
        return _expr(error="when.invalid_time"), j
    return _expr(hm=(h, m), exact24=exact, ampm=part), j


def _clock(ctx: Ctx, i: int) -> _Found:
    """ "15:30", "3:18am", "17u10", "15h", "15h00", "14 uur 15", "330 p.m.", "at 1030"."""
    t = text(ctx, i)
    if not t.isdecimal():
        return None
    marked = text(ctx, i - 1) in _AT
    if len(t) in (3, 4) and (marked or _ampm(ctx, i + 1)):
        h, m = divmod(int(t), 100)
        return _finish(h, m, i + 1, len(t) == 4 and h > 12, ctx)
    if len(t) > 2:
        return None
    h = int(t)
    sep = text(ctx, i + 1)
    if sep in (":", ".") and adj(ctx, i) and text(ctx, i + 2).isdecimal() and adj(ctx, i + 1):
        mm = text(ctx, i + 2)
        if len(mm) != 2:
            return None
        j = i + 3
        if text(ctx, j) == ":" and adj(ctx, j - 1) and text(ctx, j + 1).isdecimal():
            j += 2
        if sep == "." and not marked and int(mm) <= 12 and h <= 31:
            return None  # "10.10" is a date
        if text(ctx, j) in ("uur", "u", "h"):
            j += 1
        found = _finish(h, int(mm), j, len(t) == 2 and (t[0] == "0" or h > 12), ctx)
        if found is not None and found[0].hm is not None and not found[0].exact24:
            from dataclasses import replace

            return replace(found[0], colon=True), found[1]
        return found
    if sep in ("u", "h") and adj(ctx, i):
        j = i + 2
        m = 0
        if text(ctx, j).isdecimal() and len(text(ctx, j)) == 2 and adj(ctx, i + 1):
            m, j = int(text(ctx, j)), j + 1
        elif ctx.strict and not marked:
            return None  # "2u" in a log is a duration
        return _finish(h, m, j, h > 12 or t[0] == "0", ctx)
    return None


def _spoken(ctx: Ctx, i: int) -> _Found:
    """ "om 3 uur", "drie uur", "15 uur 20", "3pm", "at 3 15", "half vier", "kwart over 2",
    "10 voor half 4", "twenty after 3pm", "15 to noon", "half past three", "noon"."""
    t = text(ctx, i)
    marked = text(ctx, i - 1) in _AT
    if t in ("noon", "middernacht", "midnight", "twaalven"):
        hm = (0, 0) if t in ("midnight", "middernacht") else (12, 0)
        return _expr(hm=hm, exact24=True), i + 1
    if t == "mid" and text(ctx, i + 1) == "day":
        return _expr(hm=(12, 0), exact24=True), i + 2
    if t == "half":
        target = _target_hour(ctx, i + 1)
        if target is not None and text(ctx, i + 1) != "past":
            h, j, word = target
            english = word in ENGLISH_NUMBERS
            return _finish(h if english else (h - 1) % 24, 30, _oclock(ctx, j), False, ctx)
    minutes, j = _minutes_before(ctx, i)
    if minutes is not None:
        rel = text(ctx, j)
        if rel in ("over", "past", "after", "na", "voor", "to", "before", "for", "from"):
            k = j + 1
            half = text(ctx, k) == "half"
            if half:
                k += 1
            target = _target_hour(ctx, k)
            if target is not None:
                h, end, _word = target
                base = h * 60 - (30 if half else 0)
                total = base + (
                    minutes if rel in ("over", "past", "after", "na", "from") else -minutes
                )
                end = _oclock(ctx, end)
                found = _finish(h, 0, end, False, ctx)
                if found is None or found[0].hm is None:
                    return found
                fh = found[0].hm[0]
                total += (fh - h) * 60
                return (
                    _expr(
                        hm=divmod(total % 1440, 60), exact24=found[0].exact24, ampm=found[0].ampm
                    ),
                    found[1],
                )
    hour = _hour_value(ctx, i)
    if hour is None:
        return None
    h, j, exact = hour
    after = _oclock(ctx, j)
    if after > j:
        if text(ctx, j) == "uur" and text(ctx, after).isdecimal() and len(text(ctx, after)) == 2:
            m = int(text(ctx, after))
            if text(ctx, after + 1) not in ("min", "minuten", "minutes", "uur"):
                return _finish(h, m, after + 1, exact or h > 12, ctx)
        if ctx.strict and not marked and text(ctx, j) == "uur" and not _day_follows(ctx, after):
            return None
        return _finish(h, 0, after, exact or h > 12, ctx)
    if _ampm(ctx, j) is not None:
        return _finish(h, 0, j, exact, ctx)
    if not ctx.strict and _day_follows(ctx, j):
        return _finish(h, 0, j, exact or h > 12, ctx)
    if (marked and t.isdecimal()) or (marked and t in NUMBER_WORDS):
        nxt = text(ctx, j)
        if nxt.isdecimal() and len(nxt) == 2 and int(nxt) < 60 and not adj(ctx, j - 1):
            return _finish(h, int(nxt), j + 1, exact, ctx)
        if nxt in UNIT_SECONDS or nxt in UNIT_DAYS or nxt in UNIT_MONTHS or nxt in (":", "-", "/"):
            return None
        return _finish(h, 0, j, exact or h > 12, ctx)
    return None


def _day_follows(ctx: Ctx, j: int) -> bool:
    """ "8 tonight", "9 tomorrow", "3 in the morning": a bare hour before a day (part)."""
    t = text(ctx, j)
    if t in DAY_WORDS or (t == "'" and text(ctx, j + 1) == "s"):
        return True
    if t in ("in", "this", "deze") and text(ctx, j + 1) in ("the", "de"):
        return text(ctx, j + 2) in DAYPART_WORDS
    return t in ("this", "deze") and text(ctx, j + 1) in DAYPART_WORDS


def _minutes_before(ctx: Ctx, i: int) -> tuple[int | None, int]:
    t = text(ctx, i)
    if t in ("kwart", "quarter"):
        return 15, i + 1
    if t == "half" and text(ctx, i + 1) == "past":
        return 30, i + 1
    if t == "a" and text(ctx, i + 1) == "quarter":
        return 15, i + 2
    value = int(t) if t.isdecimal() and len(t) <= 2 else NUMBER_WORDS.get(t)
    if value is None or not 1 <= value < 60 or t in ("a", "an", "een"):
        return None, i
    j = i + 1
    if text(ctx, j) in ("min", "minuten", "minutes", "minuut", "minute", "mins"):
        j += 1
    return value, j


def _target_hour(ctx: Ctx, i: int) -> tuple[int, int, str] | None:
    t = text(ctx, i)
    if t in ("noon", "middag") and text(ctx, i - 1) in ("to", "past", "voor", "over", "from"):
        return 12, i + 1, t
    hour = _hour_value(ctx, i)
    if hour is None:
        return None
    return hour[0], hour[1], t


def parse_time(ctx: Ctx, i: int) -> _Found:
    at = i
    while text(ctx, at) in _AT:
        at += 1
    if text(ctx, at) == "@" or (at == i and text(ctx, i) in _AT):
        return None
    best: _Found = None
    for parse in (_clock, _spoken):
        found = parse(ctx, at)
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    return best


def parse_daypart(ctx: Ctx, i: int) -> _Found:
    """ "'s avonds", "in de ochtend", "in the evening", "at night", "avond", "lunch"."""
    t = text(ctx, i)
    j = i
    if t == "'" and text(ctx, i + 1) == "s":
        word = text(ctx, i + 2)
        if word in DAYPART_WORDS:
            return _expr(daypart=DAYPART_WORDS[word]), i + 3
        return None
    early = t in ("early", "vroeg", "late", "laat")
    if early:
        j += 1
    if text(ctx, j) in ("in", "at", "during", "tijdens"):
        j += 1
        if text(ctx, j) in ("the", "de"):
            j += 1
        if text(ctx, j) == "early" and text(ctx, j + 1) == "hours":
            return _expr(daypart="vroeg"), _skip_of_morning(ctx, j + 2)
    word = text(ctx, j)
    if word == "lunch" or (word == "de" and text(ctx, j + 1) == "lunch"):
        return _expr(daypart="lunch"), j + 1 if word == "lunch" else j + 2
    if word in DAYPART_WORDS and not (word == "morgen" and j == i):
        part = DAYPART_WORDS[word]
        if early and t in ("early", "vroeg"):
            part = "vroeg"
        elif early:
            part = "laat"
        return _expr(daypart=part), j + 1
    if t in ("na", "after") and text(ctx, i + 1) in ("de", "the", "school", "lunch"):
        k = i + 2 if text(ctx, i + 1) in ("de", "the") else i + 1
        if text(ctx, k) in ("lunch", "school"):
            return _expr(daypart="after_" + text(ctx, k)), k + 1
    return None


def _skip_of_morning(ctx: Ctx, j: int) -> int:
    if text(ctx, j) == "of" and text(ctx, j + 1) == "the" and text(ctx, j + 2) == "morning":
        return j + 3
    return j

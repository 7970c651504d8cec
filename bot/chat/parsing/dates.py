"""Finding a day in free text: "gisteren", "vorige week dinsdag", "3 maart", "12-11-2026"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, TypeAlias

from bot.chat.parsing.calendar_words import (
    FULL_WEEKDAYS,
    MONTH_RE,
    MONTHS,
    NOT_A_DATE_AFTER,
    RISKY_ABBREVIATIONS,
    SAFE_ABBREVIATIONS,
    weekday_index,
)
from bot.chat.parsing.normalise import NUMBER_WORD_RE, fold, number_value, word_before
from bot.chat.parsing.when.days import add_months
from bot.chat.parsing.when.grammar import iter_expressions
from bot.chat.parsing.when.tokens import tokenize

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from bot.chat.parsing.normalise import Span

Prefer = Literal["past", "future"]

_DAYPART = r"(?:ochtend|morgen|middag|avond|nacht)?"
_FULL = "(?:" + "|".join(FULL_WEEKDAYS) + ")" + _DAYPART
_SAFE = "(?:" + "|".join(sorted(SAFE_ABBREVIATIONS, key=len, reverse=True)) + r")\.?"
_RISKY = "(?:" + "|".join(sorted(RISKY_ABBREVIATIONS, key=len, reverse=True)) + r")\.?"
_WD_STANDALONE = f"(?P<wd>{_FULL}|{_SAFE})"
_WD_ANY = f"(?P<wd>{_FULL}|{_SAFE}|{_RISKY})"
_B0 = r"(?<!\w)"
_B1 = r"(?!\w)"

_UNIT_AHEAD = r"(?!\s*(?:uur|uren|u|h|hrs?|hours?|min\w*|m|dag|dagen|days?|kwartier)(?!\w))"

# "Jan 12" is too often a colleague; the month first needs another spelling of January.
_MONTH_FIRST_RE = "|".join(name for name in sorted(MONTHS, key=len, reverse=True) if name != "jan")
_QUALIFIED_WEEK = "vorige|verleden|afgelopen|deze|volgende|komende|last|this|next|previous|past"


@dataclass(frozen=True)
class DateMatch:
    day: date
    span: Span
    explicit_year: bool  # the text named the year itself ("12-11-2026", "3 maart 2026")


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_less(day: int, month: int, today: date, prefer: Prefer) -> date | None:
    """The most recent such day <= today (past), or the next one >= today (future)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    step = -1 if prefer == "past" else 1
    for offset in range(9):  # 29 February recurs within eight years
        found = _make(today.year + step * offset, month, day)
        if found is not None and (found <= today if prefer == "past" else found >= today):
            return found
    return None


def _plain_weekday(index: int, today: date, prefer: Prefer) -> date | None:
    if prefer == "past":
        return _shift(today, -((today.weekday() - index) % 7))
    return _shift(today, (index - today.weekday()) % 7)


def _weekday_in_week(index: int, today: date, weeks: int) -> date | None:
    return _shift(today, 7 * weeks - today.weekday() + index)


def _week_offset(qualifier: str) -> int:
    if qualifier in ("deze", "this"):
        return 0
    if qualifier in ("volgende", "komende", "next"):
        return 1
    return -1


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    return value + 2000 if len(text) == 2 else value


# Each pattern has a handler: (match, folded text, today, prefer) -> (day, explicit year).
_Found: TypeAlias = tuple[date | None, bool]
_Handler: TypeAlias = "Callable[[re.Match[str], str, date, Prefer], _Found]"


def _iso(m: re.Match[str], _f: str, _t: date, _p: Prefer) -> _Found:
    return _make(int(m["y"]), int(m["m"]), int(m["d"])), True


def _numeric(m: re.Match[str], _f: str, _t: date, _p: Prefer) -> _Found:
    year = _year(m["y"])
    return (None if year is None else _make(year, int(m["m"]), int(m["d"]))), True


def _day_month(m: re.Match[str], f: str, today: date, p: Prefer) -> _Found:
    if word_before(f, m.start()) in NOT_A_DATE_AFTER:
        return None, False
    return _year_less(int(m["d"]), int(m["m"]), today, p), False


def _named_month(m: re.Match[str], f: str, today: date, p: Prefer) -> _Found:
    month = MONTHS[m["mon"]]
    year = _year(m["y"])
    if year is not None:
        return _make(year, month, int(m["d"])), True
    if word_before(f, m.start()) in NOT_A_DATE_AFTER:
        return None, False
    return _year_less(int(m["d"]), month, today, p), False


_RELATIVE_DAYS = {
    "vandaag": 0, "today": 0, "tonight": 0, "gisteren": -1, "gister": -1, "yesterday": -1,
    "eergisteren": -2, "eergister": -2, "morgen": 1, "tomorrow": 1, "overmorgen": 2,
}  # fmt: skip


def _relative(m: re.Match[str], _f: str, today: date, _p: Prefer) -> _Found:
    word = " ".join(m[0].split())
    if word.startswith("van") or word.startswith("this"):
        return today, False
    if "before yesterday" in word:
        return _shift(today, -2), False
    if "after tomorrow" in word:
        return _shift(today, 2), False
    if word.startswith("gister"):
        return _shift(today, -1), False
    return _shift(today, _RELATIVE_DAYS.get(word, 0)), False


def _ago(m: re.Match[str], _f: str, today: date, _p: Prefer) -> _Found:
    amount = number_value(m["n"])
    if amount is None:
        return None, False
    days = int(amount) * (7 if m["u"].startswith("we") else 1)
    return _shift(today, -days), False


def _week_weekday(m: re.Match[str], _f: str, today: date, _p: Prefer) -> _Found:
    index = weekday_index(m["wd"])
    if index is None:
        return None, False
    return _weekday_in_week(index, today, _week_offset(m["q"])), False


def _qualified(m: re.Match[str], _f: str, today: date, _p: Prefer) -> _Found:
    index = weekday_index(m["wd"])
    if index is None:
        return None, False
    qualifier = m["q"].split()[-1]
    if qualifier in ("deze", "this"):
        return _weekday_in_week(index, today, 0), False
    if qualifier in ("komende", "volgende", "aanstaande", "next", "coming"):
        return _shift(today, (index - today.weekday()) % 7 or 7), False
    return _shift(today, -((today.weekday() - index) % 7 or 7)), False


def _weekday(m: re.Match[str], _f: str, today: date, p: Prefer) -> _Found:
    index = weekday_index(m["wd"])
    return (None if index is None else _plain_weekday(index, today, p)), False


_PATTERNS: list[tuple[re.Pattern[str], Callable[..., tuple[date | None, bool]]]] = [
    (
        re.compile(rf"{_B0}(?P<y>[0-9]{{4}})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}})(?![\w-])"),
        _iso,
    ),
    (
        re.compile(
            rf"{_B0}(?<![0-9][-/.:])(?P<d>[0-9]{{1,2}})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})"
            rf"(?P=sep)(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![\w]|[-/.][0-9])"
        ),
        _numeric,
    ),
    (
        re.compile(
            rf"{_B0}(?<![0-9][-/.:])(?P<d>[0-9]{{1,2}})[-/](?P<m>[0-9]{{1,2}})"
            rf"(?![\w]|[-/.,][0-9]){_UNIT_AHEAD}"
        ),
        _day_month,
    ),
    (
        re.compile(
            rf"{_B0}(?P<d>[0-9]{{1,2}})(?:e|ste|de|st|nd|rd|th)?\.?[ \t]*(?:of[ \t]+)?"
            rf"(?P<mon>{MONTH_RE}){_B1}\.?(?:,?[ \t]*(?P<y>[0-9]{{4}})(?![0-9]))?"
        ),
        _named_month,
    ),
    (
        re.compile(
            rf"{_B0}(?P<mon>{_MONTH_FIRST_RE}){_B1}\.?[ \t]*(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th|e)?"
            rf"(?![\w]|[-/.,:][0-9]){_UNIT_AHEAD}(?:,?[ \t]*(?P<y>[0-9]{{4}})(?![0-9]))?"
        ),
        _named_month,
    ),
    (
        re.compile(
            rf"{_B0}(?:(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow"
            r"|eergister(?:en)?|gister(?:en)?(?:ochtend|morgen|middag|avond|nacht)?"
            r"|van(?:daag|ochtend|morgen|middag|avond|nacht)|overmorgen|morgen"
            rf"|today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)){_B1}"
        ),
        _relative,
    ),
    (
        re.compile(
            rf"{_B0}(?P<n>[0-9]{{1,3}}|{NUMBER_WORD_RE}|an?)\s+"
            rf"(?P<u>dagen|dag|days?|weken|week|weeks)\s+(?:geleden|ago){_B1}"
        ),
        _ago,
    ),
    (
        re.compile(
            rf"{_B0}(?P<q>{_QUALIFIED_WEEK})\s+week(?:'s)?\s+(?:(?:op|on)\s+)?{_WD_ANY}{_B1}"
        ),
        _week_weekday,
    ),
    (
        re.compile(
            rf"{_B0}{_WD_STANDALONE}\s+(?:(?:van|of)\s+)?(?:(?:de|the)\s+)?"
            rf"(?P<q>{_QUALIFIED_WEEK})\s+week{_B1}"
        ),
        _week_weekday,
    ),
    (
        re.compile(
            rf"{_B0}(?P<q>afgelopen|vorige|verleden|komende|volgende|aanstaande|deze)\s+"
            rf"{_WD_ANY}{_B1}"
        ),
        _qualified,
    ),
    (
        re.compile(
            rf"{_B0}(?P<q>last|past|previous|next|this(?:\s+coming)?|coming)\s+"
            rf"{_WD_STANDALONE}{_B1}"
        ),
        _qualified,
    ),
    (re.compile(rf"{_B0}{_WD_STANDALONE}{_B1}"), _weekday),
    (re.compile(rf"^[\s.,!?]*(?P<wd>{_RISKY})[\s.,!?]*$"), _weekday),
]


def date_matches(
    folded: str, today: date, prefer: Prefer, *, whole_text: bool = True
) -> Iterator[DateMatch]:
    """Every day named in the folded text, read by the shared time grammar (bot.chat.parsing
    .when); the older patterns below only fill in what it does not name."""
    seen: set[int] = set()
    tokens = tokenize(folded)
    for expr in iter_expressions(
        tokens, today, prefer, strict=True, initial=0 if whole_text else -1
    ):
        if expr.error or expr.coarse or not expr.has_day:
            continue
        try:
            day = expr.day or today + timedelta(days=expr.rel_days or 0)
            day = add_months(day, expr.rel_months or 0)
        except (OverflowError, ValueError):
            continue
        words = folded[expr.start : expr.end]
        start = expr.start + (lead.end() if (lead := _LEAD.match(words)) else 0)
        seen.add(start)
        yield DateMatch(day, (start, expr.end), _has_year(words))
    for found in _pattern_matches(folded, today, prefer, whole_text=whole_text):
        if found.span[0] not in seen:
            yield found


_LEAD = re.compile(r"(?:(?:op|om|on|at|in|van|of|for|rond|around|tegen)\s+)+")


def _has_year(words: str) -> bool:
    return re.search(r"(?<![0-9])(?:1[0-9]|20)[0-9]{2}(?![0-9])", words) is not None


def _pattern_matches(
    folded: str, today: date, prefer: Prefer, *, whole_text: bool = True
) -> Iterator[DateMatch]:
    """Every valid date in the folded text, by start; the longest first at the same start.

    `whole_text=False` when `folded` is only a window on a longer text: a lone "do" is then
    not the whole answer, so not a day.
    """
    found: list[tuple[int, int, DateMatch]] = []
    patterns = _PATTERNS if whole_text else _PATTERNS[:-1]
    for pattern, handler in patterns:
        for match in pattern.finditer(folded):
            day, explicit_year = handler(match, folded, today, prefer)
            if day is not None:
                span = match.span()
                found.append((span[0], -span[1], DateMatch(day, span, explicit_year)))
    found.sort(key=lambda item: (item[0], item[1]))
    for _start, _end, date_match in found:
        yield date_match


def first_date(folded: str, today: date, prefer: Prefer = "past") -> DateMatch | None:
    return next(date_matches(folded, today, prefer), None)


def find_date(
    text: str, today: date, *, prefer: Prefer = "past"
) -> tuple[date, tuple[int, int]] | None:
    """The first date named in `text` and the (start, end) span of its words, or None.

    Year-less dates and weekdays resolve to the most recent such day <= today when
    `prefer="past"` (logging) and to the next one >= today when `prefer="future"` (goals).
    A date with a year is taken as written.
    """
    found = first_date(fold(text), today, prefer)
    return None if found is None else (found.day, found.span)

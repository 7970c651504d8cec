"""Periods to filter a list by: "deze week", "vorige maand", "maart 2026", "2025-2026"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.chat.parsing.calendar_words import MONTH_RE, MONTHS
from bot.chat.parsing.normalise import fold
from bot.domain.periods import Period, school_year_of

_LEADING_WORDS = re.compile(
    r"^(?:(?:in|van|uit|over|tijdens|gedurende|sinds|for|from|of|during|in\s+de|in\s+het"
    r"|the|de|het)\s+)+"
)
_SPACES = re.compile(r"\s+")

_THIS = r"(?:deze|dit|huidige?|this|current)"
_LAST = r"(?:vorige|vorig|verleden|afgelopen|last|previous)"
_SCHOOL_YEAR = r"(?:schooljaar|school\s*year|sj)"

_TODAY = re.compile(r"vandaag|today")
_YESTERDAY = re.compile(r"gisteren|gister|yesterday")
_THIS_WEEK = re.compile(rf"{_THIS}\s+week")
_LAST_WEEK = re.compile(rf"{_LAST}\s+week")
_WEEK_NUMBER = re.compile(r"(?:week|wk)\s*(?P<n>[0-9]{1,2})(?:\s+(?P<y>[0-9]{4}))?")
_THIS_MONTH = re.compile(rf"{_THIS}\s+(?:maand|month)")
_LAST_MONTH = re.compile(rf"{_LAST}\s+(?:maand|month)")
_MONTH = re.compile(rf"(?P<mon>{MONTH_RE})\.?(?:\s+(?P<y>[0-9]{{4}}))?")
_THIS_YEAR = re.compile(rf"{_THIS}\s+(?:jaar|year)")
_LAST_YEAR = re.compile(rf"{_LAST}\s+(?:jaar|year)")
_YEAR = re.compile(r"(?:(?:jaar|year|kalenderjaar)\s+)?(?P<y>[0-9]{4})")
_THIS_SCHOOL_YEAR = re.compile(rf"(?:{_THIS}\s+)?{_SCHOOL_YEAR}")
_LAST_SCHOOL_YEAR = re.compile(rf"{_LAST}\s+{_SCHOOL_YEAR}")
_SCHOOL_YEAR_NUMBERS = re.compile(
    rf"(?:{_SCHOOL_YEAR}\s+)?(?P<a>[0-9]{{4}}|(?<=[a-z] )[0-9]{{2}}|^[0-9]{{2}}(?=/))"
    rf"\s*[-/–]\s*(?P<b>[0-9]{{4}}|[0-9]{{2}})"
)


def _month(year: int, month: int) -> Period | None:
    try:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    except (ValueError, OverflowError):
        return None
    return Period(start, end)


def _year(year: int) -> Period | None:
    try:
        return Period(date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None


def _week(monday: date) -> Period | None:
    try:
        return Period(monday, monday + timedelta(days=6))
    except OverflowError:
        return None


def _school_year_starting(year: int) -> Period | None:
    try:
        return school_year_of(date(year, 8, 1))
    except (ValueError, OverflowError):
        return None


def _shift_back(day: date, days: int) -> date | None:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return None


def _iso_week(number: int, year: int | None, today: date) -> Period | None:
    years = [year] if year is not None else [today.isocalendar().year, today.year - 1]
    for candidate in years:
        try:
            monday = date.fromisocalendar(candidate, number, 1)
        except ValueError:
            continue
        if year is not None or monday <= today:
            return _week(monday)
    return None


def _school_year_numbers(match: re.Match[str]) -> Period | None:
    first, second = int(match["a"]), int(match["b"])
    if len(match["a"]) == 2:  # "schooljaar 25/26"
        if len(match["b"]) != 2:
            return None
        first += 2000
    if len(match["b"]) == 2:
        if second != (first + 1) % 100:
            return None
    elif second != first + 1:
        return None
    return _school_year_starting(first)


def _named_month(match: re.Match[str], today: date) -> Period | None:
    month = MONTHS[match["mon"]]
    if match["y"]:
        return _month(int(match["y"]), month)
    year = today.year if month <= today.month else today.year - 1
    return _month(year, month)


def parse_period(text: str, today: date) -> Period | None:
    """The period `text` names, or None when it names none (or something else besides)."""
    folded = _SPACES.sub(" ", fold(text)).strip(" .,!?:;")
    if len(folded) > 60:
        return None
    folded = _LEADING_WORDS.sub("", folded)
    monday = _shift_back(today, today.weekday())
    if _TODAY.fullmatch(folded):
        return Period(today, today)
    if _YESTERDAY.fullmatch(folded):
        yesterday = _shift_back(today, 1)
        return None if yesterday is None else Period(yesterday, yesterday)
    if _THIS_WEEK.fullmatch(folded):
        return None if monday is None else _week(monday)
    if _LAST_WEEK.fullmatch(folded):
        previous = None if monday is None else _shift_back(monday, 7)
        return None if previous is None else _week(previous)
    if match := _WEEK_NUMBER.fullmatch(folded):
        return _iso_week(int(match["n"]), int(match["y"]) if match["y"] else None, today)
    if _THIS_MONTH.fullmatch(folded):
        return _month(today.year, today.month)
    if _LAST_MONTH.fullmatch(folded):
        if today.month == 1:
            return _month(today.year - 1, 12)
        return _month(today.year, today.month - 1)
    if match := _MONTH.fullmatch(folded):
        return _named_month(match, today)
    if _THIS_YEAR.fullmatch(folded):
        return _year(today.year)
    if _LAST_YEAR.fullmatch(folded):
        return _year(today.year - 1)
    if match := _YEAR.fullmatch(folded):
        return _year(int(match["y"]))
    if _LAST_SCHOOL_YEAR.fullmatch(folded):
        return _school_year_starting(today.year - (2 if today.month < 8 else 1))
    if _THIS_SCHOOL_YEAR.fullmatch(folded):
        return _school_year_starting(today.year - (1 if today.month < 8 else 0))
    if match := _SCHOOL_YEAR_NUMBERS.fullmatch(folded):
        return _school_year_numbers(match)
    return None

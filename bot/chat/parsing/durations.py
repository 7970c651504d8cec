"""Durations in free text, as minutes: "2u", "1,5 uur", "anderhalf uur", "90 min", "1u30"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from bot.chat.parsing.normalise import (
    NUMBER_WORD_RE,
    NUMBER_WORDS,
    SMALL_NUMBER_WORD_RE,
    fold,
    number_value,
    word_before,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.chat.parsing.normalise import Span

HALF_DAY = 4 * 60
FULL_DAY = 8 * 60

_B0 = r"(?<!\w)(?<![0-9][.,:])"
_B1 = r"(?!\w)"
_NUM = r"[0-9]{1,4}(?:[.,][0-9]{1,2})?"
_HOUR_UNIT = r"(?:uur|uren|uurtjes?|u|h|hrs?|hours?)"
_HOUR_WORD = r"(?:uur|uren|uurtjes?|hours?)"
_MINUTE_UNIT = r"(?:minuten|minuutjes?|minuut|minutes?|mins?)"

# A number right after these words is a time of day ("om 2 uur"), not a duration.
_TIME_OF_DAY_AFTER = {"om", "at", "vanaf", "tot", "rond", "omstreeks", "around", "until", "till"}


@dataclass(frozen=True)
class DurationMatch:
    minutes: int
    span: Span


def _hours(value: float | None) -> int | None:
    return None if value is None else round(value * 60)


def _decimal_hours(m: re.Match[str]) -> int | None:
    return _hours(number_value(m["n"]))


def _hours_and_minutes(m: re.Match[str]) -> int | None:
    hours, minutes = number_value(m["n"]), number_value(m["m"])
    if hours is None or minutes is None or minutes >= 60:
        return None
    return round(hours * 60 + minutes)


def _and_a_half(m: re.Match[str]) -> int | None:
    hours = number_value(m["n"])
    return None if hours is None else round((hours + 0.5) * 60)


def _minutes(m: re.Match[str]) -> int | None:
    value = number_value(m["n"] or m["n2"])
    return None if value is None else round(value)


def _quarters(m: re.Match[str]) -> int | None:
    value = number_value(m["n"]) if m["n"] else 1
    return None if value is None else round(value * 15)


def _days(m: re.Match[str]) -> int | None:
    number = m["n"] or m["n2"]
    value = number_value(number) if number else 1
    per_day = HALF_DAY if (m["u"] or m["u2"]).startswith("dagde") else FULL_DAY
    return None if value is None else round(value * per_day)


def _range(m: re.Match[str]) -> int | None:
    first = int(m["h1"]) * 60 + int(m["m1"])
    second = int(m["h2"]) * 60 + int(m["m2"])
    if max(int(m["h1"]), int(m["h2"])) > 24 or max(int(m["m1"]), int(m["m2"])) >= 60:
        return None
    return second - first


def _constant(minutes: int) -> Callable[[re.Match[str]], int | None]:
    return lambda _match: minutes


_Pattern: TypeAlias = "tuple[re.Pattern[str], Callable[[re.Match[str]], int | None], bool]"

# (pattern, minutes, is_clock_like): clock-like patterns are skipped after "om", "at"...
_PATTERNS: list[_Pattern] = [
    (
        re.compile(
            rf"{_B0}(?:(?:van|from)\s+)?(?P<h1>[0-9]{{1,2}}):(?P<m1>[0-9]{{2}})\s*(?:uur\s*)?"
            r"(?:-|–|tot|to|until|till)\s*(?P<h2>[0-9]{1,2}):(?P<m2>[0-9]{2})(?:\s*uur)?(?!\w)"
        ),
        _range,
        False,
    ),
    (
        re.compile(
            rf"{_B0}(?P<n>{_NUM}|{NUMBER_WORD_RE})\s*{_HOUR_UNIT}{_B1}\s*(?:,|en|and)?\s*"
            rf"(?P<m>[0-9]{{1,2}}|{NUMBER_WORD_RE})\s*(?:{_MINUTE_UNIT}\.?|m){_B1}"
        ),
        _hours_and_minutes,
        True,
    ),
    (
        re.compile(
            rf"{_B0}(?P<n>[0-9]{{1,3}})\s*(?:u|h)(?P<m>[0-9]{{2}})"
            rf"(?:\s*(?:{_MINUTE_UNIT}|uur|u|h))?{_B1}"
        ),
        _hours_and_minutes,
        True,
    ),
    (
        re.compile(rf"{_B0}(?P<n>[0-9]{{1,3}}):(?P<m>[0-9]{{2}})\s*{_HOUR_UNIT}{_B1}"),
        _hours_and_minutes,
        True,
    ),
    (
        re.compile(
            rf"{_B0}(?P<n>[0-9]{{1,3}}|{SMALL_NUMBER_WORD_RE})\s*(?:en|and)\s*(?:een\s+|a\s+)?"
            rf"half\s*{_HOUR_WORD}{_B1}"
        ),
        _and_a_half,
        False,
    ),
    (
        re.compile(rf"{_B0}(?P<n>an|een|one|1)\s+(?:hour|uur)\s+and\s+a\s+half{_B1}"),
        _and_a_half,
        False,
    ),
    (re.compile(rf"{_B0}anderhal(?:f|ve)\s*{_HOUR_WORD}{_B1}"), _constant(90), False),
    (re.compile(rf"{_B0}anderhalve\s+dag{_B1}"), _constant(FULL_DAY + HALF_DAY), False),
    (
        re.compile(rf"{_B0}(?:(?:een|a)\s+)?half(?:\s+(?:an|een))?\s*{_HOUR_WORD}{_B1}"),
        _constant(30),
        False,
    ),
    (
        re.compile(
            rf"{_B0}(?:(?P<n>[0-9]{{1,2}}|{SMALL_NUMBER_WORD_RE})\s+)?kwartier(?:tje)?{_B1}"
        ),
        _quarters,
        False,
    ),
    (
        re.compile(rf"{_B0}(?:an?\s+)?quarter\s+(?:of\s+an\s+)?hour{_B1}"),
        _constant(15),
        False,
    ),
    (
        re.compile(rf"{_B0}(?:three|3)\s+quarters\s+of\s+an\s+hour{_B1}"),
        _constant(45),
        False,
    ),
    (
        re.compile(
            rf"{_B0}(?:(?:een|a)\s+)?(?:halve\s+(?:studie|werk)?dag|half\s+(?:a\s+)?day"
            rf"|halfday|halve\s+dagen){_B1}"
        ),
        _constant(HALF_DAY),
        False,
    ),
    (
        re.compile(
            rf"{_B0}(?:(?:een|de|a|the)\s+)?(?:hele|gehele|volle|full|whole|entire)\s+"
            rf"(?:(?:studie|werk)?dag|day){_B1}|{_B0}all\s+day{_B1}"
        ),
        _constant(FULL_DAY),
        False,
    ),
    (
        re.compile(
            rf"{_B0}(?:(?P<n>[0-9]{{1,2}}|{SMALL_NUMBER_WORD_RE})\s+)?"
            rf"(?P<u>dagdelen|dagdeel){_B1}"
            rf"|{_B0}(?P<n2>[0-9]{{1,2}}(?:[.,]5)?|{SMALL_NUMBER_WORD_RE})\s+"
            rf"(?:(?:hele|volle|full|whole)\s+)?(?P<u2>dagen|dag|days?){_B1}"
            r"(?!\s+(?:geleden|ago|per|a|in)(?!\w))"
        ),
        _days,
        False,
    ),
    (
        re.compile(rf"{_B0}(?P<n>{_NUM})\s*{_HOUR_UNIT}{_B1}"),
        _decimal_hours,
        True,
    ),
    (re.compile(rf"{_B0}(?:een\s+|an?\s+)?uurtje{_B1}"), _constant(60), False),
    (re.compile(rf"{_B0}(?P<n>[0-9]{{1,3}})\s?['’′](?!\w|['’′])"), _minutes, False),
    (
        re.compile(rf"{_B0}(?P<n>{NUMBER_WORD_RE}|an?)\s+{_HOUR_WORD}{_B1}"),
        _decimal_hours,
        True,
    ),
    (
        re.compile(
            rf"{_B0}(?P<n>[0-9]{{1,4}}|{NUMBER_WORD_RE})\s*{_MINUTE_UNIT}\.?{_B1}"
            rf"|{_B0}(?P<n2>[0-9]{{1,4}})m{_B1}"
        ),
        _minutes,
        False,
    ),
]


def find_duration(folded: str) -> DurationMatch | None:
    """The first duration in the folded text (the longest at the same start)."""
    best: tuple[int, int, DurationMatch] | None = None
    for pattern, minutes_of, clock_like in _PATTERNS:
        for match in pattern.finditer(folded):
            if best is not None and match.start() > best[0]:
                break
            if clock_like and word_before(folded, match.start()) in _TIME_OF_DAY_AFTER:
                continue
            minutes = minutes_of(match)
            if minutes is None or minutes <= 0:
                continue
            key = (match.start(), -match.end())
            if best is None or key < (best[0], best[1]):
                best = (key[0], key[1], DurationMatch(minutes, match.span()))
            break
    return None if best is None else best[2]


_BARE_HOURS = re.compile(r"[0-9]{1,4}(?:[.,][0-9]{1,3})?")
_BARE_CLOCK = re.compile(r"(?P<n>[0-9]{1,3}):(?P<m>[0-9]{2})")
_BARE_HOUR_WORDS = {
    "anderhalf": 90,
    "half": 30,
    **{word: value * 60 for word, value in NUMBER_WORDS.items() if value <= 12},
}


def parse_duration(text: str) -> int | None:
    """Minutes in `text`, or None. A bare number as the whole text counts as hours ("1,5")."""
    folded = fold(text).strip().rstrip(".!")
    if _BARE_HOURS.fullmatch(folded):
        minutes = _hours(number_value(folded))
        return minutes if minutes is not None and minutes > 0 else None
    if folded in _BARE_HOUR_WORDS:
        return _BARE_HOUR_WORDS[folded]
    clock = _BARE_CLOCK.fullmatch(folded)
    if clock is not None:
        minutes = _hours_and_minutes(clock)
        return minutes if minutes is not None and minutes > 0 else None
    found = find_duration(folded)
    return None if found is None else found.minutes


# --- calendar time: how long something stays open (a review round), not time spent --------

_SECOND_UNIT = r"(?:s|sec|seconden|seconde|seconds?)"
_DAY_UNIT = r"(?:d|dagen|dag|days?)"
_WEEK_UNIT = r"(?:w|weken|week|weeks?)"
_PERIOD_AT_END = re.compile(
    rf"(?:^|\s+)(?P<n>[0-9]{{1,4}})\s*(?:(?P<s>{_SECOND_UNIT})|(?P<m>{_MINUTE_UNIT}|m|min)"
    rf"|(?P<h>{_HOUR_UNIT})|(?P<d>{_DAY_UNIT})|(?P<w>{_WEEK_UNIT}))$",
    re.IGNORECASE,
)
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def trailing_period(text: str) -> tuple[str, int] | None:
    """A stretch of calendar time at the end of `text`, in seconds, and the text before it:
    "coachend lesgeven 3 dagen" -> ("coachend lesgeven", 259200). A day here is 24 hours
    (unlike time spent on an activity, where a day is a working day)."""
    match = _PERIOD_AT_END.search(text.strip())
    if match is None:
        return None
    unit = next(name for name in _PERIOD_SECONDS if match.group(name))
    return text.strip()[: match.start()].strip(), int(match["n"]) * _PERIOD_SECONDS[unit]

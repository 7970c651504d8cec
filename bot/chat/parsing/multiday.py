"""Several days in one /log: "2-daagse cursus 19 en 20 nov", "ECIS 20-21 nov",
"congres 3 t/m 5 maart". The member chooses once: one activity, or one per day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.chat.parsing.calendar_words import MONTH_RE, MONTHS, NOT_A_DATE_AFTER
from bot.chat.parsing.normalise import NUMBER_WORDS, word_before

FULL_DAY = 8 * 60
MAX_DAYS = 14
_RANGE = re.compile(
    r"(?<![\w/-])(?P<d1>[0-9]{1,2})\s*(?:-|–|en|and|t/m|tot\s+en\s+met|tm|to|till|until)\s*"
    rf"(?P<d2>[0-9]{{1,2}})\s+(?P<mon>{MONTH_RE})(?:\.|(?!\w))(?:\s+(?P<y>[0-9]{{4}}))?"
)
_N_DAY = re.compile(r"(?<!\w)(?P<n>[0-9]{1,2}|[a-z]+)[-\s]?(?:daagse|daags|day)(?!\w)")


@dataclass(frozen=True)
class DayRange:
    first: date
    last: date
    span: tuple[int, int]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def find_day_range(folded: str, today: date) -> DayRange | None:
    """A range of days in one month, most recent such (not after today unless a year)."""
    match = _RANGE.search(folded)
    if match is None or word_before(folded, match.start()) in NOT_A_DATE_AFTER:
        return None
    d1, d2, month = int(match["d1"]), int(match["d2"]), MONTHS[match["mon"]]
    years = [int(match["y"])] if match["y"] else [today.year, today.year - 1]
    for year in years:
        try:
            first, last = date(year, month, d1), date(year, month, d2)
        except ValueError:
            return None
        if not first < last <= first + timedelta(days=MAX_DAYS):
            return None
        if match["y"] or last <= today:
            return DayRange(first, last, match.span())
    return None


def course_days(folded: str) -> int | None:
    """ "2-daagse", "driedaagse", "2-day": the number of days a course says it has."""
    match = _N_DAY.search(folded)
    if match is None:
        return None
    word = match["n"]
    days = int(word) if word.isdecimal() else NUMBER_WORDS.get(word.removesuffix("-"))
    return days if days is not None and 2 <= days <= MAX_DAYS else None

"""Periods that teachers reason in: weeks, months, school years (1 Aug - 31 Jul)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def school_year_of(day: date) -> Period:
    first = day.year if day.month >= 8 else day.year - 1
    return Period(date(first, 8, 1), date(first + 1, 7, 31))

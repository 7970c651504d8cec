"""Dutch school holidays per region, as the government (rijksoverheid.nl) publishes them,
for deadlines in words ("voor de kerstvakantie", "voor de zomervakantie").

Only published years are listed; for a year not listed the bot asks for the date instead
of guessing. Add a school year here when it is published (first day, last day; inclusive).
"""

from __future__ import annotations

from datetime import date

REGIONS = ("noord", "midden", "zuid")
NATIONAL = "*"  # the same dates in every region

# name -> school year (its first calendar year) -> region or NATIONAL -> (first, last)
HOLIDAYS: dict[str, dict[int, dict[str, tuple[date, date]]]] = {
    "kerstvakantie": {
        2025: {NATIONAL: (date(2025, 12, 20), date(2026, 1, 4))},
        2026: {NATIONAL: (date(2026, 12, 19), date(2027, 1, 3))},
    },
    "meivakantie": {
        2025: {NATIONAL: (date(2026, 4, 25), date(2026, 5, 3))},
        2026: {NATIONAL: (date(2027, 4, 24), date(2027, 5, 2))},
    },
    "zomervakantie": {
        2025: {
            "noord": (date(2026, 7, 4), date(2026, 8, 16)),
            "midden": (date(2026, 7, 18), date(2026, 8, 30)),
            "zuid": (date(2026, 7, 11), date(2026, 8, 23)),
        },
        2026: {
            "noord": (date(2027, 7, 17), date(2027, 8, 29)),
            "midden": (date(2027, 7, 10), date(2027, 8, 22)),
            "zuid": (date(2027, 7, 3), date(2027, 8, 15)),
        },
    },
}


def school_year(today: date) -> int:
    """The first calendar year of the school year `today` is in (from 1 August)."""
    return today.year if today.month >= 8 else today.year - 1


def needs_region(name: str, today: date) -> bool:
    """Whether the next such holiday's dates differ per region."""
    for year in (school_year(today), school_year(today) + 1):
        found = HOLIDAYS.get(name, {}).get(year)
        if found is not None:
            return NATIONAL not in found
    return False


def next_start(name: str, region: str | None, today: date) -> date | None:
    """The first day of the next such holiday that has not started yet, or None when its
    dates are not known (or the region is needed and not given)."""
    for year in (school_year(today), school_year(today) + 1):
        found = HOLIDAYS.get(name, {}).get(year)
        if found is None:
            return None
        span = found.get(NATIONAL) or (found.get(region) if region else None)
        if span is None:
            return None
        if span[0] > today:
            return span[0]
    return None

"""One line about a development goal -> title, target date and competence areas."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.chat.parsing.activity_text import absorb_before
from bot.chat.parsing.areas import area_matches, unique_areas
from bot.chat.parsing.calendar_words import MONTH_RE, MONTHS
from bot.chat.parsing.dates import DateMatch, date_matches
from bot.chat.parsing.normalise import MASK, clean_title, fold, mask

if TYPE_CHECKING:
    from bot.chat.parsing.normalise import Span
    from bot.domain.activities import CompetenceArea

_MARKER = re.compile(
    r"(?<!\w)(?:(?:op\s+of\s+)?voor|tegen|uiterlijk(?:\s+(?:op|voor))?|ten\s+laatste|deadline"
    r"|by|before|(?:not|no)\s+later\s+than)\s*:?\s*"
)
_END_OF = (
    r"(?:(?:voor|tegen|uiterlijk|by|before|at|aan|op)\s+)?(?:(?:het|de|the)\s+)?(?:einde?|end)"
)
_END_OF_SCHOOL_YEAR = re.compile(
    rf"(?<!\w){_END_OF}\s+(?:(?:van|of)\s+)?(?:(?:het|dit|the|this)\s+)?"
    r"(?:school\s*year|schooljaar)(?!\w)"
)
_END_OF_MONTH = re.compile(
    rf"(?<!\w){_END_OF}\s+(?:(?:van|of)\s+)?(?P<mon>{MONTH_RE})(?:\s+(?P<y>[0-9]{{4}}))?(?!\w)"
)
_HOLIDAY = re.compile(
    r"(?<!\w)(?:(?:voor|tegen|uiterlijk|by|before|until|tot)\s+)?(?:(?:de|het|the)\s+)?"
    r"(?P<name>kerstvakantie|kerstreces|christmas\s+(?:holidays?|break)|xmas\s+(?:holidays?|break)"
    r"|zomervakantie|summer\s+(?:holidays?|break|vacation)|meivakantie|may\s+(?:holidays?|break)"
    r"|kerst(?:mis)?|christmas|xmas)(?!\w)"
)
_HOLIDAY_NAMES = {
    "kerstreces": "kerstvakantie",
    "christmas": "kerstvakantie",
    "xmas": "kerstvakantie",
    "summer": "zomervakantie",
    "may": "meivakantie",
}
_BEFORE_DATE = re.compile(r"(?<!\w)(?:op|on)\s+$")
_TRAILING = " \t\r\n.,;:!?" + MASK
_WINDOW = 60


@dataclass(frozen=True)
class ParsedGoal:
    title: str
    target_date: date | None
    competence_areas: tuple[CompetenceArea, ...]
    past_target: bool  # a target date was given and it lies before today
    holiday: str | None = None  # "voor de zomervakantie": resolved with the member's region


def _end_of_school_year(today: date) -> date | None:
    try:
        return date(today.year + (0 if today.month < 8 else 1), 7, 31)
    except ValueError:
        return None


def _end_of_month(match: re.Match[str], today: date) -> date | None:
    month = MONTHS[match["mon"]]
    years = [int(match["y"])] if match["y"] else [today.year, today.year + 1]
    for year in years:
        try:
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        except (ValueError, OverflowError):
            continue
        if match["y"] or last >= today:
            return last
    return None


def _after_marker(masked: str, today: date) -> tuple[date, Span] | None:
    """A date right after "voor", "uiterlijk", "by"... with the marker in its span."""
    for marker in _MARKER.finditer(masked):
        window = masked[marker.end() : marker.end() + _WINDOW]
        found = next(date_matches(window, today, "future", whole_text=False), None)
        if found is not None and found.span[0] == 0:
            return found.day, (marker.start(), marker.end() + found.span[1])
    return None


def _at_end(masked: str, today: date) -> DateMatch | None:
    last = None
    for found in date_matches(masked, today, "future"):
        if not masked[found.span[1] :].strip(_TRAILING):
            last = found
    return last


def _find_target(masked: str, today: date) -> tuple[date, Span] | None:
    for pattern in (_END_OF_SCHOOL_YEAR, _END_OF_MONTH):
        match = pattern.search(masked)
        if match is not None:
            day = (
                _end_of_school_year(today)
                if pattern is _END_OF_SCHOOL_YEAR
                else _end_of_month(match, today)
            )
            if day is not None:
                return day, match.span()
    after_marker = _after_marker(masked, today)
    if after_marker is not None:
        return after_marker
    at_end = _at_end(masked, today)
    if at_end is not None:
        return at_end.day, absorb_before(masked, at_end.span, _BEFORE_DATE)
    return None


def _holiday(masked: str, today: date) -> tuple[str | None, date | None, Span] | None:
    """ "voor de zomervakantie" -> ("zomervakantie", None, span); "voor kerst" -> 24 December."""
    match = _HOLIDAY.search(masked)
    if match is None:
        return None
    name = " ".join(match["name"].split())
    if name in ("kerst", "kerstmis", "christmas", "xmas"):
        eve = date(today.year, 12, 24)
        return None, eve if eve >= today else date(today.year + 1, 12, 24), match.span()
    first = name.split()[0]
    return _HOLIDAY_NAMES.get(first, first), None, match.span()


def parse_goal_text(text: str, today: date) -> ParsedGoal:
    """Title, target date and areas from e.g. "Formatief evalueren voor 1 maart #vakdidactisch"."""
    folded = fold(text)
    areas = area_matches(folded)
    removed = [area.span for area in areas if area.is_hashtag]
    masked = mask(folded, removed)
    holiday = _holiday(masked, today)
    if holiday is not None:
        name, day, span = holiday
        return ParsedGoal(
            title=clean_title(text, [*removed, span]),
            target_date=day,
            competence_areas=unique_areas(areas),
            past_target=False,
            holiday=name,
        )
    target = _find_target(masked, today)
    target_date = None
    if target is not None:
        target_date, span = target
        removed.append(span)
    return ParsedGoal(
        title=clean_title(text, removed),
        target_date=target_date,
        competence_areas=unique_areas(areas),
        past_target=target_date is not None and target_date < today,
    )

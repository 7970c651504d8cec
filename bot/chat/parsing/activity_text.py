"""One line about a learning activity -> its parts: "2u lesson study rekenen gisteren"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from bot.chat.parsing.areas import area_matches, unique_areas
from bot.chat.parsing.durations import FULL_DAY, find_duration
from bot.chat.parsing.kinds import find_kind
from bot.chat.parsing.multiday import course_days, find_day_range
from bot.chat.parsing.normalise import clean_title, fold, mask
from bot.chat.parsing.when.leftover import time_word
from bot.chat.parsing.when.reading import DayReading, read_day
from bot.domain.activities import ActivityKind, CompetenceArea

if TYPE_CHECKING:
    from bot.chat.parsing.normalise import Span

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\"»…"
_GOAL = re.compile(
    r"(?<!\w)(?:(?:voor|for|bij|towards?)\s+)?(?:doel|goal)\s*(?:#|nr\.?|nummer|no\.?|number)?"
    r"\s*(?P<n>[0-9]{1,4})(?!\w)"
)
# A little word that belongs to the phrase after it: "op dinsdag", "van 2 uur", "for 2 hours".
_BEFORE_DATE = re.compile(r"(?<!\w)(?:op|on)\s+$")
_BEFORE_DURATION = re.compile(r"(?<!\w)(?:van|for|gedurende|during|ongeveer|about)\s+$")


Day = date


@dataclass(frozen=True)
class ParsedActivity:
    date: date | None  # None when the text names no date (the caller uses today)
    minutes: int | None  # None when no duration was found
    kind: ActivityKind  # ActivityKind.OTHER when nothing matched
    kind_found: bool  # True when a keyword matched
    competence_areas: tuple[CompetenceArea, ...]
    title: str
    evidence: str | None  # the first http(s) URL
    goal_number: int | None  # "doel 2", "goal #2"
    future_date: bool  # a date was named and it lies after `today`
    week_of: Day | None = None  # "vorige week" without a day: the Monday (ask which day)
    last_day: Day | None = None  # "19 en 20 nov": the last of several days (date: the first)
    date_error: str | None = None  # a catalog key: the date words could not be read
    unclear_time: str | None = None  # a time-looking word left in the title: ask about it


def find_url(text: str) -> tuple[str, Span] | None:
    """The first http(s) URL in `text`, without trailing punctuation, and its span."""
    for match in _URL.finditer(text):
        url = match[0]
        while url and url[-1] in _URL_TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > url.index("//") + 2:
            return url, (match.start(), match.start() + len(url))
    return None


def absorb_before(folded: str, span: Span, before: re.Pattern[str]) -> Span:
    """`span` widened to the left over a little word matched by `before`."""
    start, end = span
    found = before.search(folded, max(0, start - 20), start)
    return (found.start(), end) if found else span


def parse_activity_text(text: str, today: date, now: datetime | None = None) -> ParsedActivity:
    """Everything that can be read from one line about an activity."""
    folded = fold(text)
    removed: list[Span] = []

    evidence = None
    url = find_url(text)
    if url is not None:
        evidence, url_span = url
        removed.append(url_span)
    masked = mask(folded, removed)

    areas = area_matches(masked)
    removed.extend(area.span for area in areas if area.is_hashtag)
    masked = mask(folded, removed)
    kind = find_kind(masked)

    goal_number = None
    goal = _GOAL.search(masked)
    if goal is not None and int(goal["n"]) > 0:
        goal_number = int(goal["n"])
        removed.append(goal.span())
        masked = mask(folded, removed)

    last_day = None
    day_range = find_day_range(masked, today)
    if day_range is not None:  # "19 en 20 nov": asked once, one activity or one per day
        removed.append(absorb_before(masked, day_range.span, _BEFORE_DATE))
        masked = mask(folded, removed)
        last_day = day_range.last
    when = read_day(masked, now or datetime.combine(today, time(12), tzinfo=UTC))
    if day_range is not None:
        when = DayReading(day_range.first, None)
    day = when.day
    if when.span is not None:
        removed.append(absorb_before(masked, when.span, _BEFORE_DATE))
        masked = mask(folded, removed)

    minutes = None
    duration = find_duration(masked)
    if duration is not None:
        minutes = duration.minutes
        removed.append(absorb_before(masked, duration.span, _BEFORE_DURATION))
    elif kind is ActivityKind.STUDY_DAY:
        half = "studiemiddag" in folded or "studieochtend" in folded
        minutes = FULL_DAY // 2 if half else FULL_DAY
    elif day_range is not None or course_days(masked):
        minutes = FULL_DAY * (day_range.days if day_range else course_days(masked) or 1)

    title = clean_title(text, removed)
    return ParsedActivity(
        date=day,
        minutes=minutes,
        kind=kind or ActivityKind.OTHER,
        kind_found=kind is not None,
        competence_areas=unique_areas(areas),
        title=title,
        evidence=evidence,
        goal_number=goal_number,
        future_date=day is not None and day > today,
        week_of=when.week_of,
        last_day=last_day,
        date_error=when.error,
        unclear_time=None if when.error else time_word(mask(folded, removed)),
    )

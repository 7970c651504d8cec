"""When a reminder fires, from the start of `/herinner …` / `/remind …`, in Dutch or English.

    over 2 uur …, in 1.5 hours …, over 5 seconden …          one-off, relative
    morgen om 9u …, vrijdag 16:30 …, 3 maart om 10:00 …     one-off, a day and a time
    20:00 …                                                  today, or tomorrow if past
    elke dag …, elke maandag om 8:00 …, every weekday at 16:30 …
    elke eerste vrijdag van de maand om 15:00 …, elke maand op de 31e …

The schedule comes first; what follows is the reminder's text. Nothing here raises: text
that cannot be read gives a `ParsedReminder` with an `error` (a catalog key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS
from bot.chat.parsing.normalise import fold
from bot.chat.parsing.repeats import (
    EVERY_OTHER_WEEK,
    N_WEEKS,
    YEARLY,
    first_of,
    weeks_rule,
    yearly_rule,
)
from bot.chat.parsing.when import expressions, resolve_moment, time_word, tokenize
from bot.domain.members import zone
from bot.domain.reminders import MAX_TEXT, ScheduleKind

if TYPE_CHECKING:
    from datetime import tzinfo

DEFAULT_TIME = time(9, 0)
MAX_AHEAD = timedelta(days=5 * 366)
_DOW = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WD = "(?:" + "|".join(sorted(FULL_WEEKDAYS, key=len, reverse=True)) + ")"
_B = r"(?!\w)"
_TIME = (
    r"(?:(?P<at>om|at|@|rond|around)\s*)?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?"
    r"\s*(?P<suf>uur|u|h|am|pm|a\.m\.|p\.m\.)?" + _B
)
_NUMBER = r"(?P<n>\d{1,6}(?:[.,]\d{1,3})?|een|één|a|an|anderhalf|half|twee|drie|vier|vijf|tien)"
_UNITS: dict[str, timedelta] = {
    "seconden": timedelta(seconds=1), "seconde": timedelta(seconds=1),
    "seconds": timedelta(seconds=1), "second": timedelta(seconds=1),
    "secs": timedelta(seconds=1), "sec": timedelta(seconds=1), "s": timedelta(seconds=1),
    "minuten": timedelta(minutes=1), "minuut": timedelta(minutes=1),
    "minutes": timedelta(minutes=1), "minute": timedelta(minutes=1),
    "mins": timedelta(minutes=1), "min": timedelta(minutes=1), "m": timedelta(minutes=1),
    "kwartier": timedelta(minutes=15), "uren": timedelta(hours=1), "uur": timedelta(hours=1),
    "hours": timedelta(hours=1), "hour": timedelta(hours=1), "hrs": timedelta(hours=1),
    "hr": timedelta(hours=1), "h": timedelta(hours=1), "u": timedelta(hours=1),
    "dagen": timedelta(days=1), "dag": timedelta(days=1), "days": timedelta(days=1),
    "day": timedelta(days=1), "d": timedelta(days=1), "weken": timedelta(weeks=1),
    "week": timedelta(weeks=1), "weeks": timedelta(weeks=1), "w": timedelta(weeks=1),
}  # fmt: skip
_UNIT = "(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")" + _B
_WORD_NUMBERS = {
    "een": 1.0, "één": 1.0, "a": 1.0, "an": 1.0, "anderhalf": 1.5, "half": 0.5,
    "twee": 2.0, "drie": 3.0, "vier": 4.0, "vijf": 5.0, "tien": 10.0,
}  # fmt: skip
_ORDINALS = {
    "eerste": "1st", "tweede": "2nd", "derde": "3rd", "vierde": "4th", "laatste": "last",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "last": "last",
    "1e": "1st", "2e": "2nd", "3e": "3rd", "4e": "4th",
    "1st": "1st", "2nd": "2nd", "3rd": "3rd", "4th": "4th",
}  # fmt: skip
_ORD = "(?P<ord>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"

_EVERY = re.compile(r"(?:elke|elk|iedere|ieder|every|each)\s+")
_WORKDAY = re.compile(r"(?:werkdag(?:en)?|doordeweekse\s+dag|weekdays?|working\s+days?)" + _B)
_DAILY = re.compile(r"(?:dag|day)" + _B)
_NTH = re.compile(
    _ORD
    + r"\s+(?P<wd>"
    + _WD
    + r")\s+(?:van\s+de\s+maand|vd\s+maand|of\s+the\s+month|of\s+every\s+month)"
    + _B
)
_WEEKDAYS = re.compile(
    r"(?:week\s+(?:op|on)\s+)?(?P<wds>" + _WD + r"(?:\s*(?:,|en|and|&)\s*" + _WD + r")*)" + _B
)
_MONTHLY = re.compile(
    r"(?:maand|month)(?:\s+(?:op\s+de|op|on\s+the|on)\s+(?P<d>\d{1,2})(?:ste|de|e|st|nd|rd|th)?"
    + _B
    + r")?"
)
_TIME_RE = re.compile(_TIME)
_TIME_LEAD = re.compile(r"\s*(?:,\s*)?")
# Looks like a time but is not one ("om 25u", "99:99"): say so instead of guessing.
_NOT_A_TIME = re.compile(r"\s*(?:,\s*)?(?:(?:om|at|@)\s*\d|\d{1,2}[:.]\d{2}(?!\d))")
_FILLER = re.compile(r"^(?:(?:(?:me|mij|om\s+te|to|that|dat)(?!\w)|[:\-–,])\s*)+")


@dataclass(frozen=True)
class ParsedReminder:
    kind: ScheduleKind | None = None
    rule: str = ""  # as in bot.domain.reminders.Schedule
    text: str = ""
    rolled: bool = False  # a time of day already past today: it means tomorrow
    # A one-off named by its clock time ("morgen om 9u"), not by a span ("over 2 uur"):
    # it keeps that clock time in whatever timezone the member is in.
    wall_clock: bool = False
    error: str | None = None  # a catalog key when the text could not be read
    detail: str = ""  # the words the error is about (a left-over time word)


def _time_at(lowered: str, pos: int) -> tuple[time, int] | None:
    """A time of day at `pos` (after spaces): "om 9u", "9:00", "16.30", "at 4pm"."""
    lead = _TIME_LEAD.match(lowered, pos)
    start = lead.end() if lead else pos
    match = _TIME_RE.match(lowered, start)
    if match is None or not (match["at"] or match["m"] or match["suf"]):
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    suffix = (match["suf"] or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), match.end()


def _number(token: str) -> float | None:
    if token in _WORD_NUMBERS:
        return _WORD_NUMBERS[token]
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _once(
    at: datetime, rest: str, *, rolled: bool = False, wall_clock: bool = False
) -> ParsedReminder:
    rule = at.astimezone(UTC).isoformat()
    return ParsedReminder(ScheduleKind.ONCE, rule, rest, rolled, wall_clock=wall_clock)


def _at_local(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _recurring(lowered: str, pos: int, today: date) -> tuple[ScheduleKind, str, int] | None:
    """After "elke"/"every": the rule (with {h} and {m} still to fill in) and where it ends."""
    nth = _NTH.match(lowered, pos)  # "every second Wednesday of the month" is monthly
    if not nth and (match := N_WEEKS.match(lowered, pos)) and (match["wd"] or "wee" in match[0]):
        return weeks_rule(match, today)
    if match := YEARLY.match(lowered, pos):
        return yearly_rule(match)
    if match := _WORKDAY.match(lowered, pos):
        return ScheduleKind.CRON, "{m}|{h}|*|*|mon-fri", match.end()
    if match := _NTH.match(lowered, pos):
        day = f"{_ORDINALS[match['ord']]} {_DOW[FULL_WEEKDAYS[match['wd']]]}"
        return ScheduleKind.CRON, "{m}|{h}|" + day + "|*|*", match.end()
    if match := _DAILY.match(lowered, pos):
        return ScheduleKind.CRON, "{m}|{h}|*|*|*", match.end()
    if match := _WEEKDAYS.match(lowered, pos):
        names = re.findall(_WD, match["wds"])
        days = sorted({FULL_WEEKDAYS[name] for name in names})
        return ScheduleKind.CRON, "{m}|{h}|*|*|" + ",".join(_DOW[d] for d in days), match.end()
    if match := _MONTHLY.match(lowered, pos):
        monthday = int(match["d"]) if match["d"] else today.day
        if not 1 <= monthday <= 31:
            return None
        return ScheduleKind.MONTHDAY, f"{monthday}|{{h}}|{{m}}", match.end()
    return None


def _one_off(original: str, pos: int, now: datetime, local: tzinfo) -> ParsedReminder:
    """A one-off moment said at the start ("morgen om 9u …") or at the end ("bel mentor over
    2 uur"); any other time-looking word left in the text is asked about, not guessed."""
    folded = fold(original)
    tokens = tokenize(folded)
    first = next((k for k, token in enumerate(tokens) if token.start >= pos), len(tokens))
    found = expressions(tokens, now.astimezone(local).date(), "future", initial=first)
    chosen = None
    if found and found[0].first == first:
        chosen = found[0]
        text = original[chosen.end :]
    elif found and not folded[found[-1].end :].strip(" .!?"):
        chosen = found[-1]
        text = original[pos : chosen.start]
    if chosen is None:
        if _NOT_A_TIME.match(folded, pos):
            return ParsedReminder(error="reminder.bad_time")
        return ParsedReminder(error="reminder.no_when")
    resolved = resolve_moment(chosen, now.astimezone(local))
    if resolved.error is not None or resolved.moment is None:
        return ParsedReminder(error=_reminder_key(resolved.error))
    text = _tidy(text)
    other = time_word(fold(text), clock=True)
    if other is not None:
        return ParsedReminder(error="reminder.leftover", detail=other)
    moment = resolved.moment.astimezone(UTC)
    if moment - now > MAX_AHEAD:
        return ParsedReminder(error="reminder.too_far")
    # Named by its clock time or day ("morgen om 9u"), not by a span ("over 2 uur"): it
    # keeps that clock time in whatever timezone the member is in.
    said_clock = chosen.hm is not None or chosen.daypart is not None
    said_day = chosen.day is not None or chosen.weekday is not None
    wall_clock = chosen.rel_seconds is None and (said_clock or said_day)
    return _once(moment, text, rolled=resolved.rolled, wall_clock=wall_clock)


_SAME_MEANING = {
    "when.past": "reminder.past",
    "when.invalid_time": "reminder.bad_time",
    "when.none": "reminder.no_when",
    "when.bad_amount": "reminder.bad_when",
}


def _reminder_key(error: str | None) -> str:
    """The grammar's `when.*` key as the reminder catalog's key."""
    if error is None:
        return "reminder.no_when"
    return _SAME_MEANING.get(error, "reminder." + error.partition(".")[2])


def _tidy(text: str) -> str:
    text = text.strip()
    while lead := _FILLER.match(text.lower()):
        if not lead.end():
            break
        text = text[lead.end() :].strip()
    text = re.sub(r"^(?:(?:to|om\s+te|dat|that)\s+)", "", text, flags=re.IGNORECASE)
    return re.sub(r"(?:\s+(?:(?:to|te)$)|[\s,:;\-–]+$)", "", text).strip()


def parse_reminder_text(text: str, now: datetime, timezone: str) -> ParsedReminder:
    original = " ".join(text.split())
    lowered = original.lower()
    if len(lowered) != len(original):  # a few characters change length when lowered
        original = lowered
    tz = zone(timezone)
    local_now = now.astimezone(tz)
    today = local_now.date()
    pos = 0
    if lead := _FILLER.match(lowered):
        pos = lead.end()

    def rest(end: int) -> str:
        remainder = original[end:].strip()
        if lead := _FILLER.match(remainder.lower()):
            remainder = remainder[lead.end() :]
        return remainder.strip()

    every = _EVERY.match(lowered, pos)
    other = EVERY_OTHER_WEEK.match(lowered, pos)
    if every or other:
        if other:
            found = weeks_rule(other, today)
        else:
            assert every is not None
            found = _recurring(lowered, every.end(), today)
        if found is None:
            return ParsedReminder(error="reminder.bad_every")
        kind, rule, end = found
        at = DEFAULT_TIME
        if timed := _time_at(lowered, end):
            at, end = timed
        elif _NOT_A_TIME.match(lowered, end):
            return ParsedReminder(error="reminder.bad_time")
        first = first_of(rule, at, local_now)
        return ParsedReminder(kind, rule.format(h=at.hour, m=at.minute, first=first), rest(end))
    return _one_off(original, pos, now, tz)


def check_text(parsed: ParsedReminder) -> ParsedReminder:
    """The schedule was read; the text must be there and not too long."""
    if parsed.error is not None:
        return parsed
    if not parsed.text:
        return ParsedReminder(error="reminder.no_text")
    if len(parsed.text) > MAX_TEXT:
        return ParsedReminder(error="reminder.text_too_long")
    return parsed

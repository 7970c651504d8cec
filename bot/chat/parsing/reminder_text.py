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

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS, MONTH_RE, MONTHS
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

_RELATIVE = re.compile(r"(?:over|in|na|after)\s+" + _NUMBER + r"\s*" + _UNIT)
_HALF_HOUR = re.compile(r"(?:over|in)\s+(?:een\s+half\s+uur|half\s+an\s+hour)" + _B)
_EVERY = re.compile(r"(?:elke|iedere|ieder|every|each)\s+")
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
_DAY_WORD = re.compile(
    r"(?P<word>overmorgen|day\s+after\s+tomorrow|morgen|tomorrow|vandaag|today)" + _B
)
_ON_WEEKDAY = re.compile(
    r"(?:(?:op|on|volgende|komende|next|this|deze)\s+)?(?P<wd>" + _WD + r")" + _B
)
_NAMED_DATE = re.compile(
    r"(?:(?:op|on)\s+)?(?P<d>\d{1,2})(?:ste|de|e|st|nd|rd|th)?\s+(?P<mon>"
    + MONTH_RE
    + r")"
    + _B
    + r"(?:\s+(?P<y>\d{4})"
    + _B
    + ")?"
)
_NUMERIC_DATE = re.compile(
    r"(?:(?:op|on)\s+)?(?P<d>\d{1,2})[-/](?P<mon>\d{1,2})(?:[-/](?P<y>\d{4}))?" + _B
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
    error: str | None = None  # a catalog key when the text could not be read


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


def _once(at: datetime, rest: str, *, rolled: bool = False) -> ParsedReminder:
    return ParsedReminder(ScheduleKind.ONCE, at.astimezone(UTC).isoformat(), rest, rolled)


def _at_local(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _recurring(lowered: str, pos: int, today: date) -> tuple[ScheduleKind, str, int] | None:
    """After "elke"/"every": the rule (with {h} and {m} still to fill in) and where it ends."""
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


def _day(lowered: str, pos: int, today: date) -> tuple[date, int] | None:
    if match := _DAY_WORD.match(lowered, pos):
        word = match["word"]
        offset = (
            2 if word.startswith(("over", "day")) else 1 if word.startswith(("mor", "tom")) else 0
        )
        return today + timedelta(days=offset), match.end()
    if match := _ON_WEEKDAY.match(lowered, pos):
        ahead = (FULL_WEEKDAYS[match["wd"]] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead), match.end()
    for pattern in (_NAMED_DATE, _NUMERIC_DATE):
        match = pattern.match(lowered, pos)
        if match is None:
            continue
        month = MONTHS.get(match["mon"]) or int(match["mon"])
        explicit = match["y"] is not None
        for year in [int(match["y"])] if explicit else [today.year, today.year + 1]:
            try:
                day = date(year, month, int(match["d"]))
            except ValueError:
                return None
            if explicit or day >= today:
                return day, match.end()
    return None


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

    if match := _HALF_HOUR.match(lowered, pos):
        return _once(now + timedelta(minutes=30), rest(match.end()))
    if match := _RELATIVE.match(lowered, pos):
        amount = _number(match["n"])
        if amount is None or amount <= 0:
            return ParsedReminder(error="reminder.bad_when")
        delta = _UNITS[match["unit"]] * amount
        if delta > MAX_AHEAD:
            return ParsedReminder(error="reminder.too_far")
        return _once(now + delta, rest(match.end()))
    if match := _EVERY.match(lowered, pos):
        found = _recurring(lowered, match.end(), today)
        if found is None:
            return ParsedReminder(error="reminder.bad_every")
        kind, rule, end = found
        at = DEFAULT_TIME
        if timed := _time_at(lowered, end):
            at, end = timed
        elif _NOT_A_TIME.match(lowered, end):
            return ParsedReminder(error="reminder.bad_time")
        return ParsedReminder(kind, rule.format(h=at.hour, m=at.minute), rest(end))
    if found_day := _day(lowered, pos, today):
        day, end = found_day
        at = DEFAULT_TIME
        if timed := _time_at(lowered, end):
            at, end = timed
        elif _NOT_A_TIME.match(lowered, end):
            return ParsedReminder(error="reminder.bad_time")
        moment = _at_local(day, at, tz)
        if moment <= now:
            if day != today:
                return ParsedReminder(error="reminder.past")
            return _once(_at_local(day + timedelta(days=1), at, tz), rest(end), rolled=True)
        if moment - now > MAX_AHEAD:
            return ParsedReminder(error="reminder.too_far")
        return _once(moment, rest(end))
    if timed := _time_at(lowered, pos):
        at, end = timed
        moment = _at_local(today, at, tz)
        if moment <= now:
            return _once(_at_local(today + timedelta(days=1), at, tz), rest(end), rolled=True)
        return _once(moment, rest(end))
    if _NOT_A_TIME.match(lowered, pos):
        return ParsedReminder(error="reminder.bad_time")
    return ParsedReminder(error="reminder.no_when")


def check_text(parsed: ParsedReminder) -> ParsedReminder:
    """The schedule was read; the text must be there and not too long."""
    if parsed.error is not None:
        return parsed
    if not parsed.text:
        return ParsedReminder(error="reminder.no_text")
    if len(parsed.text) > MAX_TEXT:
        return ParsedReminder(error="reminder.text_too_long")
    return parsed

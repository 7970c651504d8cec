"""What an expression means: a moment for a reminder, a day for a log entry — or why not.

Never a guess: a vague expression ("volgende maand"), a 12-hour doubt ("3:30"), a day that
disagrees with its date, or a date that does not exist gives an `error` (a catalog key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.chat.parsing.when.days import add_months

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Expr

DEFAULT_HOUR = 9
_PART_TIME = {
    "ochtend": (9, 0), "middag": (14, 0), "avond": (19, 0), "nacht": (22, 0),
    "noon": (12, 0), "vroeg": (7, 0), "laat": (22, 0), "lunch": (12, 30),
    "after_lunch": (13, 30), "after_school": (15, 30),
}  # fmt: skip
_PART_END = {"ochtend": 12, "middag": 18, "avond": 24, "nacht": 24, "vroeg": 9, "laat": 24,
             "lunch": 14, "after_lunch": 17, "after_school": 21}  # fmt: skip
SOON = timedelta(minutes=15)
_PM = {"middag", "avond", "laat", "after_lunch", "after_school", "lunch"}


@dataclass(frozen=True)
class Resolved:
    moment: datetime | None = None  # aware, in the member's zone (reminders)
    day: date | None = None  # log entries
    rolled: bool = False  # a time already past today: it means tomorrow
    week_of: date | None = None  # "vorige week": the Monday; ask which day
    error: str | None = None


def _hour(expr: Expr) -> tuple[int, int] | str | None:
    """The clock time, with the day part applied; "ambiguous" for a 12-hour doubt."""
    if expr.hm is None:
        return _PART_TIME.get(expr.daypart or "")
    h, m = expr.hm
    part = expr.daypart
    if expr.ampm is None and not expr.exact24 and part is not None:
        if (part in _PM and h < 12) or (part == "nacht" and 6 <= h < 12):
            h += 12
        elif part in ("ochtend", "vroeg") and h == 12:
            h = 0
    elif expr.ampm is None and not expr.exact24 and 1 <= h <= 6:
        if expr.colon:
            return "ambiguous"
        h += 12  # "om 3 uur" is in the afternoon
    return h, m


def _check(expr: Expr) -> str | None:
    if expr.error is not None:
        return expr.error
    if expr.coarse is not None:
        return "when.vague"
    if expr.day is not None and (expr.rel_days is not None or expr.rel_months is not None):
        return "when.conflict"
    return None


def resolve_moment(expr: Expr, now: datetime) -> Resolved:
    """A reminder's moment; `now` is aware, in the member's zone."""
    error = _check(expr)
    if error is not None:
        return Resolved(error=error)
    today = now.date()
    if expr.rel_seconds is not None:
        if expr.day not in (None, today) or expr.hm is not None:
            return Resolved(error="when.conflict")
        return Resolved(moment=now + timedelta(seconds=expr.rel_seconds))
    hour = _hour(expr)
    if hour == "ambiguous":
        return Resolved(error="when.ambiguous_hour")
    zone = now.tzinfo
    if expr.rel_days is not None or expr.rel_months is not None:
        base = now + timedelta(days=expr.rel_days or 0)
        if expr.rel_months:
            base = datetime.combine(add_months(base.date(), expr.rel_months), base.timetz())
        if hour is None:
            return Resolved(moment=base)
        return Resolved(moment=_at(base.date(), hour, zone))
    soon = _still_today(expr, now)
    if soon is not None:
        return Resolved(moment=soon)
    if expr.day is None:
        if hour is None:
            return Resolved(error="when.none")
        moment = _at(today, hour, zone)
        if moment <= now:
            return Resolved(moment=_at(today + timedelta(days=1), hour, zone), rolled=True)
        return Resolved(moment=moment)
    hm = hour or (DEFAULT_HOUR, 0)
    moment = _at(expr.day, hm, zone)
    if moment <= now and expr.day == today and expr.hm is not None:
        return Resolved(moment=_at(today + timedelta(days=1), hm, zone), rolled=True)
    if moment <= now:
        return Resolved(error="when.past")
    return Resolved(moment=moment)


def _still_today(expr: Expr, now: datetime) -> datetime | None:
    """ "vanavond" at 19:30: its usual 19:00 has passed, but the evening has not — soon."""
    if expr.hm is not None or expr.daypart not in _PART_END or expr.day not in (None, now.date()):
        return None
    default = _at(now.date(), _PART_TIME[expr.daypart or ""], now.tzinfo)
    end = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo) + timedelta(
        hours=_PART_END[expr.daypart or ""]
    )
    if default <= now and now + SOON < end:
        return (now + SOON).replace(second=0, microsecond=0)
    return None


def _at(day: date, hm: tuple[int, int] | str, zone: object) -> datetime:
    assert isinstance(hm, tuple)
    return datetime.combine(day, time(*hm), tzinfo=zone)  # type: ignore[arg-type]


def resolve_day(expr: Expr, now: datetime) -> Resolved:
    """A log entry's day; `now` is aware, in the member's zone. Clock times are not kept."""
    if expr.coarse == "week" and expr.coarse_start is not None and expr.error is None:
        return Resolved(week_of=expr.coarse_start)
    error = _check(expr)
    if error is not None:
        return Resolved(error=error)
    today = now.date()
    if expr.rel_seconds is not None:
        return Resolved(day=(now + timedelta(seconds=expr.rel_seconds)).date())
    if expr.rel_days is not None or expr.rel_months is not None:
        day = today + timedelta(days=expr.rel_days or 0)
        return Resolved(day=add_months(day, expr.rel_months or 0))
    return Resolved(day=expr.day or today)

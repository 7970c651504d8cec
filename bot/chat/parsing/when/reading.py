"""The first time expression in a text, read as a day (for /log) — the entry point callers
use, so that they never see tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.parsing.when.grammar import iter_expressions
from bot.chat.parsing.when.resolve import resolve_day
from bot.chat.parsing.when.tokens import tokenize

if TYPE_CHECKING:
    from datetime import date, datetime


@dataclass(frozen=True)
class DayReading:
    day: date | None = None
    span: tuple[int, int] | None = None  # in the folded text
    week_of: date | None = None  # a week without a day: its Monday
    error: str | None = None


def read_day(folded: str, now: datetime) -> DayReading:
    """`now` is aware, in the member's zone; "2 uur" stays a duration here."""
    tokens = tokenize(folded)
    for expr in iter_expressions(tokens, now.date(), "past", strict=True):
        if not (
            expr.has_day
            or expr.coarse
            or expr.error
            or expr.daypart
            or expr.rel_seconds is not None
        ):
            continue  # a clock time alone says nothing about the day
        resolved = resolve_day(expr, now)
        span = (expr.start, expr.end)
        return DayReading(resolved.day, span, resolved.week_of, resolved.error)
    return DayReading()

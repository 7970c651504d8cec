"""Offsets from now: "over 2 uur", "in 1/4h", "in a sec", "3 dagen geleden", "2 minutes
from now", "two years hence", "3 fridays from now", "2 thursdays back"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.parsing.when.days import _expr, _weekday_nth, adj, text
from bot.chat.parsing.when.lexicon import (
    NUMBER_WORDS,
    UNIT_DAYS,
    UNIT_MONTHS,
    UNIT_SECONDS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from bot.chat.parsing.when.grammar import Ctx, Expr
    from bot.chat.parsing.when.tokens import Token

_Found = tuple["Expr", int] | None


def _amount(ctx: Ctx, i: int) -> tuple[float, int] | None:
    """ "2", "2,5", "2.5", "twee en een half", "a couple of", "a few", "1/4", "een paar"."""
    t = text(ctx, i)
    if t == "a" and text(ctx, i + 1) in ("couple", "pair", "few"):
        j = i + 2
        if text(ctx, j) == "of":
            j += 1
        return (3.0 if text(ctx, i + 1) == "few" else 2.0), j
    if t in ("een", "a") and text(ctx, i + 1) == "paar":
        return 2.0, i + 2
    if t in ("few", "paar", "couple"):
        return (3.0 if t == "few" else 2.0), i + 1 + (text(ctx, i + 1) == "of")
    if t in ("een", "a", "an") and text(ctx, i + 1) in ("half", "halve"):
        return 0.5, i + 2
    if t in ("half", "halve"):
        return 0.5, i + 1 + (text(ctx, i + 1) in ("an", "a", "een"))
    if t == "anderhalf" or t == "anderhalve":
        return 1.5, i + 1
    value: float
    if t.isdecimal() and len(t) <= 6:
        value, j = float(t), i + 1
        if text(ctx, j) in (",", ".", "/") and text(ctx, j + 1).isdecimal() and adj(ctx, i):
            frac = text(ctx, j + 1)
            if text(ctx, j) == "/":
                if int(frac) == 0:
                    return None
                value = value / int(frac)
            else:
                value = float(f"{t}.{frac}")
            j += 2
    elif t in NUMBER_WORDS:
        value, j = float(NUMBER_WORDS[t]), i + 1
    else:
        return None
    half = text(ctx, j) in ("en", "and") and text(ctx, j + 1) in ("een", "an", "a")
    if half and text(ctx, j + 2) == "half":
        value, j = value + 0.5, j + 3
    if text(ctx, j) in ("more", "extra"):
        j += 1
    return value, j


def _unit(ctx: Ctx, j: int) -> tuple[str, int, int] | None:
    """A unit at j: ("s"|"d"|"m"|"wd", size, next)."""
    u = text(ctx, j)
    if u in ("'", '"') and adj(ctx, j - 1):
        return "s", (60 if u == "'" else 1), j + 1
    if u in UNIT_SECONDS:
        return "s", UNIT_SECONDS[u], j + 1
    if u in UNIT_DAYS:
        return "d", UNIT_DAYS[u], j + 1
    if u in UNIT_MONTHS:
        return "m", UNIT_MONTHS[u], j + 1
    stem = u[:-1] if u.endswith("s") else u
    if stem in WEEKDAYS and len(stem) > 3:
        return "wd", WEEKDAYS[stem], j + 1
    return None


def parse_relative(ctx: Ctx, i: int) -> _Found:
    """ "over 2 uur", "in 1/4h", "in a sec", "3 dagen geleden", "2 minutes from now",
    "two years hence", "3 fridays from now", "2 thursdays back"."""
    t = text(ctx, i)
    forward = t in ("over", "in", "na", "after", "within", "binnen")
    j = i + 1 if forward else i
    if forward and ctx.strict:
        return None
    if text(ctx, j) in ("about", "ongeveer", "ruim", "bijna"):
        j += 1
    amount = _amount(ctx, j)
    if amount is None:
        if text(ctx, j) in ("a", "an", "een", "one") or (forward and text(ctx, j) in UNIT_SECONDS):
            amount = (1.0, j + 1 if text(ctx, j) in ("a", "an", "een", "one") else j)
        else:
            return None
    value, j = amount
    unit = _unit(ctx, j)
    if unit is None:
        return None
    kind, size, k = unit
    after = text(ctx, k)
    sign = 1
    if after in ("geleden", "ago", "back", "terug"):
        sign, k = -1, k + 1
    elif after == "from" and text(ctx, k + 1) in ("now", "today"):
        k += 2
    elif after == "from" and text(ctx, k + 1) == "right" and text(ctx, k + 2) == "now":
        return _expr(rel_seconds=value * size * (86400 if kind == "d" else 1)), k + 3
    elif after in ("hence", "later", "vanaf", "verder"):
        k += 1
    elif not forward:
        return None
    if value <= 0 or value > 100000:
        return _expr(error="when.bad_amount"), k
    if kind == "s":
        return _expr(rel_seconds=sign * value * size), k
    if kind == "wd":
        if value != int(value):
            return None
        return _expr(day=_weekday_nth(ctx, size, sign * int(value))), k
    if value != int(value):
        if kind == "d" and size == 1:
            return _expr(rel_seconds=sign * value * 86400), k
        return None
    if kind == "d":
        return _expr(rel_days=sign * int(value) * size), k
    return _expr(rel_months=sign * int(value) * size), k


def trailing_modifier(tokens: list[Token], j: int) -> int:
    """ "approximately", "ish", "sharp", "stipt" after an expression belong to it."""
    if j < len(tokens) and tokens[j].text in (
        "approximately",
        "sharp",
        "precies",
        "stipt",
        "ongeveer",
        "ish",
    ):
        return j + 1
    return j

"""Is a time-looking word left in what a parser did not consume?"""

from __future__ import annotations

from datetime import date

from bot.chat.parsing.when.grammar import expressions
from bot.chat.parsing.when.lexicon import (
    DAY_WORDS,
    MONTH_NAMES,
    RISKY_MONTHS,
    RISKY_WEEKDAYS,
    WEEKDAYS,
)
from bot.chat.parsing.when.tokens import tokenize

_WORDS = (
    {w for w in WEEKDAYS if w not in RISKY_WEEKDAYS}
    | {w for w in MONTH_NAMES if w not in RISKY_MONTHS}
    | set(DAY_WORDS)
    | {"geleden", "ago", "gisteravond", "eergisteren", "vorige", "afgelopen", "yesterday"}
)
_ANY_DAY = date(2026, 1, 7)


def time_word(folded: str, *, strict: bool = True) -> str | None:
    """The first word or phrase in `folded` that reads as a time, or None.

    `strict`: "2 uur" is a duration there (a log entry), not a clock time."""
    tokens = tokenize(folded)
    for expr in expressions(tokens, _ANY_DAY, "past", strict=strict, initial=-1):
        clock_only = strict and not (expr.coarse or expr.has_day or expr.daypart or expr.error)
        if clock_only and expr.rel_seconds is None:
            continue  # a clock time in a log entry's title says nothing about the day
        if expr.coarse is not None or expr.has_day or expr.hm or expr.daypart or expr.error:
            return folded[expr.start : expr.end]
        if expr.rel_seconds is not None:
            return folded[expr.start : expr.end]
    for k, token in enumerate(tokens):
        if token.text in _WORDS:
            return token.text
        if token.text in RISKY_WEEKDAYS and token.text in WEEKDAYS:
            following = tokens[k + 1].text if k + 1 < len(tokens) else ""
            if following in ("", ".") or following.isdecimal():  # "intervisie do", "do 2u"
                return token.text
    return None

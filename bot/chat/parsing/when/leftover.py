"""Is a time-looking word left in what a parser did not consume?"""

from __future__ import annotations

from datetime import date

from bot.chat.parsing.when.grammar import iter_expressions
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
    | {"geleden", "ago", "gisteravond", "eergisteren", "yesterday"}
)
_ANY_DAY = date(2026, 1, 7)


def time_word(folded: str, *, clock: bool = False) -> str | None:
    """The first word or phrase in `folded` that reads as a time, or None.

    `clock`: a clock time alone counts too (a reminder's text); in a log entry's title it
    says nothing about the day, so it may stay."""
    tokens = tokenize(folded)
    for expr in iter_expressions(tokens, _ANY_DAY, "future", initial=-1):
        said_day = expr.coarse or expr.has_day or expr.daypart or expr.error
        if said_day or expr.rel_seconds is not None or (clock and expr.hm):
            return folded[expr.start : expr.end]
    for k, token in enumerate(tokens):
        if token.text in _WORDS:
            return token.text
        if token.text in RISKY_WEEKDAYS and token.text in WEEKDAYS:
            following = tokens[k + 1].text if k + 1 < len(tokens) else ""
            if not following.isalpha() or following.isdecimal():  # "intervisie do", "do 2u"
                return token.text
    return None

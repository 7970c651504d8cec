"""Stars in words and symbols: "vier sterren", "4*", "****", "⭐⭐⭐⭐", "4/5", "four stars".

Whole stars only: "3,5" or "3½" is answered with `error="stars.whole_only"` rather than
rounded, and 0 or 6 stars with `error="stars.out_of_range"`. Pure: no I/O, never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_STARS, MAX_STARS = 1, 5
_WORDS = {
    "een": 1, "één": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
    "four": 4, "vijf": 5, "five": 5, "nul": 0, "zero": 0, "zes": 6, "six": 6,
}  # fmt: skip
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
_NUMBER = r"(?P<n>\d{1,2}(?:[.,]\d{1,2}|½)?|" + _WORD_RE + ")"
_UNIT = r"(?:\s*(?:sterren|ster|stars?|\*|★|⭐)|\s*(?:/|van\s+de|uit|out\s+of|of)\s*5(?!\d))"
_SPELLED = re.compile(rf"(?<![\w.,])({_NUMBER}{_UNIT})(?!\w)", re.IGNORECASE)
_SYMBOLS = re.compile(r"(?<![\w*★⭐])(?P<s>(?:\*|★|⭐\ufe0f?){1,6})(?![\w*★⭐])")


@dataclass(frozen=True)
class Stars:
    rating: int | None
    start: int
    end: int
    error: str | None = None  # a catalog key


def _value(token: str) -> float | None:
    token = token.lower()
    if token in _WORDS:
        return float(_WORDS[token])
    token = token.replace("½", ".5").replace(",", ".")
    try:
        return float(token)
    except ValueError:
        return None


def _judge(value: float | None, start: int, end: int) -> Stars | None:
    if value is None:
        return None
    if value != int(value):
        return Stars(None, start, end, "stars.whole_only")
    if not MIN_STARS <= value <= MAX_STARS:
        return Stars(None, start, end, "stars.out_of_range")
    return Stars(int(value), start, end)


def find_stars(text: str) -> Stars | None:
    """The first rating written with a unit ("4 sterren", "4/5") or as symbols ("****")."""
    found: list[Stars] = []
    if match := _SPELLED.search(text):
        judged = _judge(_value(match["n"]), match.start(), match.end())
        if judged is not None:
            found.append(judged)
    if match := _SYMBOLS.search(text):
        count = len(match["s"].replace("\ufe0f", ""))
        judged = _judge(float(count), match.start(), match.end())
        if judged is not None:
            found.append(judged)
    return min(found, key=lambda stars: stars.start) if found else None


def bare_half(token: str) -> bool:
    """ "3,5", "4.5", "3½": a half star where a whole one was expected."""
    value = _value(token.strip())
    return value is not None and value != int(value) and MIN_STARS <= value <= MAX_STARS

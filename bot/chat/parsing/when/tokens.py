"""Words, numbers and single symbols of a folded text, each with its span."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|[^\s\w]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_num(self) -> bool:
        return self.text.isdecimal()

    @property
    def num(self) -> int:
        return int(self.text) if self.text.isdecimal() and len(self.text) <= 6 else -1


def tokenize(folded: str) -> list[Token]:
    """`folded` is lower case (see normalise.fold); the spans index into it."""
    return [Token(m[0], m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def adjacent(tokens: list[Token], i: int) -> bool:
    """Token i+1 follows token i without a space."""
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start

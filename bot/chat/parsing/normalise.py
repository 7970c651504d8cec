"""Shared text helpers for the parsers: folding, masking, number words and title cleaning.

All parsers match on a *folded* copy of the text: lower case, accents stripped, and exactly
as long as the original, so that a span found in the folded text is also the span of the same
words in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

Span = tuple[int, int]

# Replaces removed parts of the folded text; not a word character and not whitespace, so it
# separates words without letting `\s+` bridge what used to be between them.
MASK = "\x00"

# Numbers written as words, Dutch and English (after folding: "één" is "een").
NUMBER_WORDS: dict[str, int] = {
    "een": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4,
    "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8,
    "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11, "eleven": 11, "twaalf": 12,
    "twelve": 12, "vijftien": 15, "fifteen": 15, "twintig": 20, "twenty": 20,
    "dertig": 30, "thirty": 30, "veertig": 40, "forty": 40, "vijfenveertig": 45,
    "vijftig": 50, "fifty": 50, "zestig": 60, "sixty": 60, "negentig": 90, "ninety": 90,
}  # fmt: skip

_SMALL_NUMBER_WORDS = [word for word, value in NUMBER_WORDS.items() if value <= 12]
# Longest first, so that an alternation never stops at a shorter prefix.
SMALL_NUMBER_WORD_RE = "|".join(sorted(_SMALL_NUMBER_WORDS, key=len, reverse=True))
NUMBER_WORD_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    lower = char.lower()
    if len(lower) != 1:
        return char
    decomposed = unicodedata.normalize("NFD", lower)
    base = decomposed[0]
    if base.isascii() and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return base
    return lower


def fold(text: str) -> str:
    """Lower case without accents; always exactly as long as `text`."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def mask(folded: str, spans: Iterable[Span]) -> str:
    """`folded` with every span overwritten by MASK characters (length unchanged)."""
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def number_value(token: str) -> float | None:
    """'2' -> 2, '1,5' -> 1.5, 'twee' -> 2, 'een'/'an'/'a' -> 1; otherwise None."""
    token = token.strip()
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    if token in ("a", "an"):
        return 1
    if re.fullmatch(r"[0-9]{1,6}(?:[.,][0-9]{1,3})?", token):
        return float(token.replace(",", "."))
    return None


_WORD_BEFORE = re.compile(r"(\w{1,30})[\s.]{0,5}$")


def word_before(folded: str, position: int) -> str:
    """The word just before `position` (ignoring spaces and a dot), or ''."""
    window = folded[max(0, position - 40) : position]
    found = _WORD_BEFORE.search(window)
    return found.group(1) if found else ""


# ---------------------------------------------------------------------------- title cleaning

_REMOVED = "\uffff"  # a Unicode noncharacter; stripped from the input before it is used
_EDGE_PUNCTUATION = set(",;:-–—./|·")
_CONNECTORS = {
    "om", "op", "van", "met", "voor", "over", "bij", "tijdens", "in", "en",
    "for", "of", "on", "at", "about", "with", "during", "and",
}  # fmt: skip
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;:.!?])")
_REPEATED_PUNCTUATION = re.compile(r"([,;:])(?:\s*[,;:])+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")


def _without_control_characters(text: str) -> str:
    chars: list[str] = []
    for char in text:
        if char in "\t\n\r\v\f":
            chars.append(" ")
        elif char != _REMOVED and unicodedata.category(char) not in ("Cc", "Cs"):
            chars.append(char)
    return "".join(chars)


def _is_punctuation(token: str) -> bool:
    return all(char in _EDGE_PUNCTUATION or char in "()[]{}" for char in token)


def _is_connector(token: str) -> bool:
    return fold(token).strip("".join(_EDGE_PUNCTUATION)) in _CONNECTORS


def _trim_edge(tokens: list[str], *, at_end: bool) -> None:
    """Drop punctuation, removal markers and connectors left dangling by a removal."""
    after_removal = False
    while tokens:
        token = tokens[-1] if at_end else tokens[0]
        if token == _REMOVED:
            after_removal = True
        elif not _is_punctuation(token) and not (after_removal and _is_connector(token)):
            return
        tokens.pop(-1 if at_end else 0)


def clean_title(text: str, removed: Iterable[Span]) -> str:
    """`text` without the `removed` spans, tidied up to serve as a title."""
    pieces: list[str] = []
    position = 0
    for start, end in sorted(removed):
        if start < position:  # overlapping spans: skip the part already removed
            start = position
        if end <= start:
            continue
        pieces.append(_without_control_characters(text[position:start]))
        pieces.append(f" {_REMOVED} ")
        position = end
    pieces.append(_without_control_characters(text[position:]))
    tokens = "".join(pieces).split()
    _trim_edge(tokens, at_end=True)
    _trim_edge(tokens, at_end=False)
    title = " ".join(token for token in tokens if token != _REMOVED)
    title = _EMPTY_BRACKETS.sub("", title)
    title = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", title)
    title = _REPEATED_PUNCTUATION.sub(r"\1", title)
    title = " ".join(title.split())
    # Removing brackets or punctuation may have left something at an edge again.
    tokens = title.split()
    _trim_edge(tokens, at_end=True)
    _trim_edge(tokens, at_end=False)
    title = " ".join(tokens).strip("".join(_EDGE_PUNCTUATION) + " ")
    return title[:1].upper() + title[1:]

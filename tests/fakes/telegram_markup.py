"""Telegram's text formatting (``parse_mode`` HTML and MarkdownV2), parsed as strictly as the
real Bot API does: well-formed text becomes plain text plus entities (offsets in UTF-16 code
units, as Telegram counts them); malformed text raises :class:`MarkupError`, which the fake
answers with 400 "Bad Request: can't parse entities: ...".

The point is to catch, in tests, the bugs that only show up in production: user input that
is not escaped, a tag Telegram does not know, an unclosed ``<b>``, an unescaped ``.`` in
MarkdownV2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class MarkupError(ValueError):
    """The text cannot be parsed; ``str(error)`` is Telegram's wording after the prefix."""


@dataclass
class Rendered:
    """Text as a Telegram client shows it, and the formatting on top of it."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def render(text: str, parse_mode: str | None) -> Rendered:
    """Parse ``text`` as Telegram would for ``parse_mode`` (case-insensitive, like the API)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _HtmlParser(text).parse()
    if mode == "markdownv2":
        return _MarkdownV2Parser(text).parse()
    if mode in ("", "markdown"):
        # Legacy Markdown is deprecated and lenient; the fake only records the raw text.
        return Rendered(text)
    raise MarkupError(f"unsupported parse_mode {parse_mode!r}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Builder:
    """Accumulates plain text and closes entities over it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0  # UTF-16 code units so far
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_len(text)

    def close(self, kind: str, start: int, **extra: Any) -> None:
        # Telegram silently drops entities that cover no text.
        if self.offset > start:
            self.entities.append({"type": kind, "offset": start, "length": self.offset - start})
            self.entities[-1].update(extra)

    def result(self) -> Rendered:
        # Telegram lists entities by offset, an enclosing one before those it contains.
        ordered = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return Rendered("".join(self.parts), ordered)


# --- HTML ---------------------------------------------------------------------------------

_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z_:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>"
)
_ATTR_RE = re.compile(r"([a-zA-Z_:-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
# Telegram knows every numeric entity but only these named ones.
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # only as <span class="tg-spoiler">
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


@dataclass
class _Open:
    tag: str
    start: int
    attrs: dict[str, str]


class _HtmlParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Builder()
        self.stack: list[_Open] = []

    def byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8"))

    def parse(self) -> Rendered:
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            if char == "<":
                match = _TAG_RE.match(text, i)
                if match is None:
                    raise MarkupError(f"Unexpected '<' at byte offset {self.byte_offset(i)}")
                closing, tag, raw_attrs = match.group(1), match.group(2).lower(), match.group(3)
                if closing:
                    self.end_tag(tag, i)
                else:
                    self.start_tag(tag, _parse_attrs(raw_attrs), i)
                i = match.end()
            elif char == "&" and (entity := _ENTITY_RE.match(text, i)):
                named, dec, hexa = entity.groups()
                self.out.add(_NAMED[named] if named else chr(int(dec or hexa, 10 if dec else 16)))
                i = entity.end()
            else:
                # A bare "&" or ">" is shown literally, as the real API does.
                self.out.add(char)
                i += 1
        if self.stack:
            raise MarkupError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        return self.out.result()

    def start_tag(self, tag: str, attrs: dict[str, str], index: int) -> None:
        unsupported = MarkupError(
            f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(index)}'
        )
        if tag not in _HTML_TYPES or (tag == "span" and attrs.get("class") != "tg-spoiler"):
            raise unsupported
        open_tags = [o.tag for o in self.stack]
        if (
            open_tags
            and open_tags[-1] in ("code", "pre")
            and not (tag == "code" and open_tags[-1] == "pre")
        ):
            # Nothing may be nested in code, except <code class="language-x"> directly in <pre>.
            raise unsupported
        if tag in open_tags and tag in ("a", "blockquote", "pre", "code"):
            raise unsupported
        self.stack.append(_Open(tag, self.out.offset, attrs))

    def end_tag(self, tag: str, index: int) -> None:
        if not self.stack:
            raise MarkupError(
                f'Unexpected end tag "{tag}" at byte offset {self.byte_offset(index)}'
            )
        top = self.stack[-1]
        if top.tag != tag:
            raise MarkupError(
                f"Unmatched end tag at byte offset {self.byte_offset(index)}, "
                f'expected "</{top.tag}>", found "</{tag}>"'
            )
        self.stack.pop()
        kind, extra = _HTML_TYPES[tag], {}
        if tag == "a":
            href = top.attrs.get("href", "")
            if href.startswith("tg://user?id=") and href[13:].isdigit():
                # A mention by id; the Bot API completes the user (telegram_methods.py).
                kind, extra["user"] = "text_mention", {"id": int(href[13:])}
            else:
                extra["url"] = href
        elif tag == "pre":
            language = top.attrs.get("_language", "")
            if language:
                extra["language"] = language
        elif tag == "code" and self.stack and self.stack[-1].tag == "pre":
            # The inner <code> only carries the language of its <pre>; no entity of its own.
            self.stack[-1].attrs["_language"] = top.attrs.get("class", "").removeprefix(
                "language-"
            )
            return
        elif tag == "blockquote" and "expandable" in top.attrs:
            kind = "expandable_blockquote"
        elif tag == "tg-emoji":
            extra["custom_emoji_id"] = top.attrs.get("emoji-id", "")
        self.out.close(kind, top.start, **extra)


def _parse_attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR_RE.finditer(raw)
    }


# --- MarkdownV2 ---------------------------------------------------------------------------

_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
    "[": "TextUrl",
}
_MD_TYPES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


class _MarkdownV2Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Builder()
        self.stack: list[tuple[str, int, int]] = []  # (marker, utf-16 start, string index)
        self.quote_start: int | None = None

    def byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8"))

    def parse(self) -> Rendered:
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            at_line_start = i == 0 or text[i - 1] == "\n"
            if char == "\\" and i + 1 < len(text) and 0 < ord(text[i + 1]) < 127:
                self.out.add(text[i + 1])
                i += 2
            elif char == "`":
                i = self.code(i)
            elif char == ">" and at_line_start:
                if self.quote_start is None:
                    self.quote_start = self.out.offset
                i += 1
            elif char == "\n" and self.quote_start is not None and not text.startswith(">", i + 1):
                self.out.close("blockquote", self.quote_start)
                self.quote_start = None
                self.out.add(char)
                i += 1
            elif char == "]" and self.stack and self.stack[-1][0] == "[":
                i = self.link_end(i)
            elif char == "[":
                self.stack.append(("[", self.out.offset, i))
                i += 1
            elif text.startswith(("__", "||"), i) or char in "*_~":
                marker = text[i : i + 2] if text.startswith(("__", "||"), i) else char
                self.toggle(marker, i)
                i += len(marker)
            elif char in _RESERVED or char == "\\":
                raise MarkupError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                self.out.add(char)
                i += 1
        if self.stack:
            marker, _, index = self.stack[-1]
            raise MarkupError(
                f"Can't find end of {_MD_NAMES[marker]} entity at byte offset "
                f"{self.byte_offset(index)}"
            )
        if self.quote_start is not None:
            self.out.close("blockquote", self.quote_start)
        return self.out.result()

    def toggle(self, marker: str, index: int) -> None:
        if self.stack and self.stack[-1][0] == marker:
            _, start, _ = self.stack.pop()
            self.out.close(_MD_TYPES[marker], start)
        elif any(m == marker for m, _, _ in self.stack):
            # Closing an outer entity while an inner one is open: entities must nest.
            inner, _, inner_index = self.stack[-1]
            raise MarkupError(
                f"Can't find end of {_MD_NAMES[inner]} entity at byte offset "
                f"{self.byte_offset(inner_index)}"
            )
        else:
            self.stack.append((marker, self.out.offset, index))

    def scan_until(self, index: int, end: str, escapable: str) -> tuple[str, int]:
        """Read raw text up to an unescaped ``end``; only ``escapable`` may be escaped."""
        chars: list[str] = []
        i = index
        while i < len(self.text):
            if self.text[i] == "\\" and i + 1 < len(self.text) and self.text[i + 1] in escapable:
                chars.append(self.text[i + 1])
                i += 2
            elif self.text.startswith(end, i):
                return "".join(chars), i + len(end)
            else:
                chars.append(self.text[i])
                i += 1
        return "".join(chars), -1

    def code(self, index: int) -> int:
        if self.text.startswith("```", index):
            body, after = self.scan_until(index + 3, "```", "`\\")
            kind, name = "pre", "Pre"
        else:
            body, after = self.scan_until(index + 1, "`", "`\\")
            kind, name = "code", "Code"
        if after < 0:
            raise MarkupError(
                f"Can't find end of {name} entity at byte offset {self.byte_offset(index)}"
            )
        extra: dict[str, str] = {}
        if kind == "pre" and "\n" in body:
            # The first line of a ``` block names the language when it is a single word.
            first, rest = body.split("\n", 1)
            if first and not any(c.isspace() for c in first):
                extra["language"] = first
                body = rest
            elif not first:
                body = rest
        start = self.out.offset
        self.out.add(body)
        self.out.close(kind, start, **extra)
        return after

    def link_end(self, index: int) -> int:
        _, start, open_index = self.stack.pop()
        if not self.text.startswith("(", index + 1):
            raise MarkupError(
                f"Can't find end of TextUrl entity at byte offset {self.byte_offset(open_index)}"
            )
        url, after = self.scan_until(index + 2, ")", ")\\")
        if after < 0:
            raise MarkupError(
                f"Can't find end of TextUrl entity at byte offset {self.byte_offset(open_index)}"
            )
        self.out.close("text_link", start, url=url)
        return after

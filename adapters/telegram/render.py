"""Neutral messages -> Telegram: HTML with every piece of text escaped, inline keyboards,
and long texts split below Telegram's 4,096-character limit."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.messages import Style

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.chat.messages import Choice, Span, Text

MAX_TEXT = 4096
MAX_CAPTION = 1024
# Room for the tags: the limit counts the text after entity parsing, the split counts it
# before, so leave a margin rather than count twice.
_CHUNK = 3800
_TAGS = {Style.BOLD: "b", Style.ITALIC: "i", Style.CODE: "code"}
_BUTTON_LABEL = 60


def span_html(span: Span, mention: int | None = None) -> str:
    text = html.escape(span.text, quote=False)
    if span.style is Style.MENTION and mention is not None and text.strip():
        # A text mention: Telegram notifies the member, whether or not they have a username.
        return f'<a href="tg://user?id={mention}">{text}</a>'
    tag = _TAGS.get(span.style)
    return f"<{tag}>{text}</{tag}>" if tag and text.strip() else text


def to_html(text: Text, *, mention: int | None = None) -> str:
    """`mention`: the user a `Style.MENTION` span names (without it, plain text)."""
    return "".join(span_html(span, mention) for span in text.spans)


def chunks(text: Text, limit: int = _CHUNK) -> list[str]:
    """The message as one or more HTML texts, split at line ends where possible, never
    inside a tag or an entity."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for span in text.spans:
        # Split spans into lines so that a chunk can end at any line.
        lines = span.text.split("\n")
        for index, line in enumerate(lines):
            part = line + ("\n" if index < len(lines) - 1 else "")
            while part:
                room = limit - size
                if len(part) <= room:
                    current.append(span_html(_with(span, part)))
                    size += len(part)
                    part = ""
                elif size > 0:
                    pieces.append("".join(current).rstrip("\n"))
                    current, size = [], 0
                else:  # one line longer than a whole chunk: cut it
                    current.append(span_html(_with(span, part[:room])))
                    part = part[room:]
                    pieces.append("".join(current))
                    current, size = [], 0
    if current or not pieces:
        pieces.append("".join(current).rstrip("\n"))
    return [piece for piece in pieces if piece.strip()] or [""]


def _with(span: Span, text: str) -> Span:
    return type(span)(text, span.style)


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """Short labels two by two, longer ones on a row of their own."""
    if not choices:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for choice in choices:
        label = choice.label if len(choice.label) <= _BUTTON_LABEL else choice.label[:59] + "…"
        button = InlineKeyboardButton(label, callback_data=choice.key)
        if rows and len(rows[-1]) == 1 and len(rows[-1][0].text) <= 14 and len(label) <= 14:
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)

"""Neutral messages -> Discord: markdown with every piece of text escaped, mentions as
``<@id>``, choices as buttons whose custom_id carries the core's choice key (a select menu
when they are more than a row; components.py), attachments as files. A text up to 2,000
characters is the message's content; a longer one (the help) goes in an embed's
description (4,096), and what is longer still is split over several messages."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.components import ChoiceButton, ChoiceSelect, TypeAnswerButton
from bot.chat.messages import Style

if TYPE_CHECKING:
    from bot.chat.messages import Outgoing, Span, Text

MAX_TEXT = 2000
MAX_EMBED = 4096
_CHUNK = 3900  # room for the markup added around spans
BUTTON_ROW = 5  # more choices than one row of buttons: a select menu
_MARKS = {Style.BOLD: "**", Style.ITALIC: "*"}


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text, as_needed=False).replace("<", "\\<")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def span_markdown(span: Span, mention: int | None = None) -> str:
    if not span.text.strip():
        return span.text
    if span.style is Style.MENTION and mention is not None:
        return f"<@{mention}>"
    if span.style is Style.CODE:
        return _code(span.text)
    mark = _MARKS.get(span.style, "")
    # Markers must hug the text: leading/trailing spaces go outside them.
    stripped = span.text.strip(" ")
    before = span.text[: len(span.text) - len(span.text.lstrip(" "))]
    after = span.text[len(span.text.rstrip(" ")) :]
    return f"{before}{mark}{_escape(stripped)}{mark}{after}"


def chunks(text: Text, *, mention: int | None = None, limit: int = _CHUNK) -> list[str]:
    """The message as one or more markdown texts, split at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for span in text.spans:
        lines = span.text.split("\n")
        for index, line in enumerate(lines):
            part = span_markdown(type(span)(line, span.style), mention) if line else ""
            if index < len(lines) - 1:
                part += "\n"
            while len(current) + len(part) > limit:
                room = limit - len(current)
                if current and room < limit // 4:
                    pieces.append(current)
                    current = ""
                    continue
                current, part = current + part[:room], part[room:]
                pieces.append(current)
                current = ""
            current += part
    if current or not pieces:
        pieces.append(current)
    return [piece.strip("\n") or "\u200b" for piece in pieces]


@dataclass
class Rendered:
    texts: list[str]
    view: discord.ui.View | None
    file: discord.File | None

    def kwargs(self, index: int) -> dict[str, Any]:
        """What `send` gets for text number `index`: buttons and file on the last one."""
        last = index == len(self.texts) - 1
        extra: dict[str, Any] = {}
        if last and self.view is not None:
            extra["view"] = self.view
        if last and self.file is not None:
            extra["file"] = self.file
        text = self.texts[index]
        if len(text) <= MAX_TEXT:
            return {"content": text, **extra}
        return {"embed": discord.Embed(description=text), **extra}


def render(
    message: Outgoing, *, mention: int | None = None, typed_button: bool = False
) -> Rendered:
    """`typed_button`: where typing does not reach the bot, a question that takes a typed
    answer gets a button opening a form for it."""
    view = None
    if len(message.choices) > BUTTON_ROW:
        view = discord.ui.View(timeout=None)
        view.add_item(ChoiceSelect([(c.key, c.label) for c in message.choices]))
    elif message.choices:
        view = discord.ui.View(timeout=None)
        for choice in message.choices:
            view.add_item(ChoiceButton(choice.key, choice.label))
    typed = message.typed_answer
    if typed_button and typed is not None:
        view = view or discord.ui.View(timeout=None)
        view.add_item(TypeAnswerButton(typed.token, typed.language, typed.button))
    file = None
    if message.attachment is not None:
        attachment = message.attachment
        file = discord.File(io.BytesIO(attachment.content), filename=attachment.filename)
    return Rendered(chunks(message.text, mention=mention), view, file)

"""Rich text: what a catalog renders to, and what every message is made of.

It lives here, below bot/chat, so that bot/i18n needs nothing from the conversation layer;
bot.chat.messages re-exports it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Style(StrEnum):
    PLAIN = "plain"
    BOLD = "bold"
    ITALIC = "italic"
    CODE = "code"
    MENTION = "mention"  # names the member a note is for; platforms that can, notify them


@dataclass(frozen=True)
class Span:
    """A run of text in one style. Text is never markup: adapters escape it for their platform."""

    text: str
    style: Style = Style.PLAIN


@dataclass(frozen=True)
class Text:
    spans: tuple[Span, ...] = ()

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)

    def __add__(self, other: Text) -> Text:
        return Text(self.spans + other.spans)

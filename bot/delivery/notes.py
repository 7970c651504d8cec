"""The note a group sees for a member the bot cannot write to privately: content-free, in
the member's language, naming them as a mention so that their platform notifies them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.messages import Span, Style, Text
from bot.delivery.channel import UnreachableNote
from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.chat.messages import Incoming
    from bot.i18n import Translator

_SLOT = "\x00name\x00"


def note_for(
    translator: Translator,
    language: str,
    user_id: str,
    name: str,
    answering: Incoming | None = None,
) -> UnreachableNote:
    """The note, with the member's name as a mention."""
    template = translator.render(language, Msg.of("delivery.unreachable", name=_SLOT))
    spans: list[Span] = []
    for span in template.spans:
        before, slot, after = span.text.partition(_SLOT)
        if not slot:
            spans.append(span)
            continue
        spans += [Span(before, span.style), Span(name, Style.MENTION), Span(after, span.style)]
    text = Text(tuple(span for span in spans if span.text))
    label = translator.text(language, "delivery.open_private")
    return UnreachableNote(user_id, text, label, answering)

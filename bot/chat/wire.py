"""Outgoing messages as JSON-able dicts, for the outbox (and anything else that stores one)."""

from __future__ import annotations

import base64
from typing import Any

from bot.chat.messages import Attachment, Choice, Outgoing, Span, Style, Text, TypedAnswer

VERSION = 1


def dump(message: Outgoing) -> dict[str, Any]:
    data: dict[str, Any] = {
        "v": VERSION,
        "spans": [[span.text, span.style.value] for span in message.text.spans],
    }
    if message.choices:
        data["choices"] = [[choice.key, choice.label] for choice in message.choices]
    if message.typed_answer is not None:
        typed = message.typed_answer
        data["typed"] = [typed.token, typed.button, typed.language]
    if message.attachment is not None:
        data["attachment"] = {
            "filename": message.attachment.filename,
            "media_type": message.attachment.media_type,
            "content": base64.b64encode(message.attachment.content).decode("ascii"),
        }
    return data


def load(data: dict[str, Any]) -> Outgoing:
    """The inverse of `dump`. The destination of a stored message is always PRIVATE's
    equivalent for the adapter: it is delivered to the member's private chat."""
    spans = tuple(Span(str(text), Style(style)) for text, style in data.get("spans", []))
    choices = tuple(Choice(str(key), str(label)) for key, label in data.get("choices", []))
    raw = data.get("attachment")
    attachment = (
        Attachment(raw["filename"], base64.b64decode(raw["content"]), raw["media_type"])
        if raw
        else None
    )
    typed = data.get("typed")
    typed_answer = TypedAnswer(str(typed[0]), str(typed[1]), str(typed[2])) if typed else None
    return Outgoing(Text(spans), choices=choices, attachment=attachment, typed_answer=typed_answer)

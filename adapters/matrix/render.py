"""Neutral messages -> Matrix message content: a plain `body` and an HTML `formatted_body`
with every piece of text escaped; choices as numbered lines answered by number or
reaction; a mention as a pill with `m.mentions`, so the member is notified."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from adapters.matrix.translate import KEYCAPS
from bot.chat.messages import Style

if TYPE_CHECKING:
    from bot.chat.messages import Choice, Text

_TAGS = {Style.BOLD: "strong", Style.ITALIC: "em", Style.CODE: "code"}


def matrix_to(user_id: str) -> str:
    return f"https://matrix.to/#/{user_id}"


def _marker(number: int) -> str:
    return KEYCAPS[number - 1] if number <= len(KEYCAPS) else f"{number}."


def content(
    text: Text,
    choices: tuple[Choice, ...] = (),
    *,
    mention: str | None = None,
    reply_to: str | None = None,
    notice: bool = False,
) -> dict[str, Any]:
    plain: list[str] = []
    rich: list[str] = []
    for span in text.spans:
        plain.append(span.text)
        escaped = html.escape(span.text, quote=False)
        if span.style is Style.MENTION and mention and span.text.strip():
            rich.append(f'<a href="{matrix_to(mention)}">{escaped}</a>')
            continue
        tag = _TAGS.get(span.style)
        rich.append(f"<{tag}>{escaped}</{tag}>" if tag and span.text.strip() else escaped)
    body = "".join(plain)
    formatted = "".join(rich).replace("\n", "<br>")
    if choices:
        body += "\n" + "\n".join(
            f"{_marker(n)} {choice.label}" for n, choice in enumerate(choices, 1)
        )
        items = "".join(f"<li>{html.escape(choice.label, quote=False)}</li>" for choice in choices)
        formatted += f"<ol>{items}</ol>"
    made: dict[str, Any] = {
        "msgtype": "m.notice" if notice else "m.text",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
        "m.mentions": {"user_ids": [mention]} if mention else {},
    }
    if reply_to:
        made["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return made

"""Whom a command's text names through the platform (shared by /intro and /profiel): a
mention at the start of the text, or the author of the message it replies to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.colleagues import Named

if TYPE_CHECKING:
    from bot.chat.registry import Context


def _cut(text: str, prefix: str) -> str | None:
    """`text` without `prefix` at its start, when it stands there as a whole word."""
    if not prefix or not text.casefold().startswith(prefix.casefold()):
        return None
    rest = text[len(prefix) :]
    return rest.lstrip(" :,").strip() if not rest or rest[0] in " :,\n" else None


def mentioned_first(ctx: Context, text: str) -> tuple[Named, str] | None:
    """The colleague mentioned at the start of `text` (an "@" before it allowed), and the
    rest of the text."""
    text = text.strip()
    for mention in ctx.incoming.mentions:
        for form in (text, text.removeprefix("@")):
            rest = _cut(form, mention.text)
            if rest is not None:
                return Named(mention.user_id, mention.handle, mention.name), rest
    return None


def replied_to(ctx: Context) -> Named | None:
    """The author of the message this one replies to, if the platform said."""
    replied = next((m for m in ctx.incoming.mentions if not m.text), None)
    return None if replied is None else Named(replied.user_id, replied.handle, replied.name)

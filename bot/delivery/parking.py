"""Replies for a member whose private chat cannot be reached: parked in the outbox (blocked
until the member writes privately), headed with the command they answer, and a note in the
group in the member's own language that mentions them."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.messages import Span, Text
from bot.delivery.notes import note_for
from bot.i18n import Msg
from bot.services.private_messages import PrivateMessage, queue_private

if TYPE_CHECKING:
    from datetime import datetime

    from bot.chat.messages import Incoming, Outgoing
    from bot.delivery.channel import UnreachableNote
    from bot.i18n import Translator
    from bot.services.ports import UnitOfWork

_NEWLINE = Text((Span("\n"),))


def command_of(incoming: Incoming) -> str:
    head = incoming.text.split(maxsplit=1)[0] if incoming.text.strip() else ""
    return head.partition("@")[0] if head.startswith("/") else ""


def park(
    uow: UnitOfWork,
    translator: Translator,
    incoming: Incoming,
    replies: list[Outgoing],
    now: datetime,
) -> UnreachableNote | None:
    """Queue `replies` (blocked) for the sender's private chat and return the group's note
    (None when the sender is not a member yet, which cannot happen after the router)."""
    platform, user_id = incoming.sender.platform, incoming.sender.id
    member = uow.members.by_identity(platform, user_id)
    if member is None or not replies:
        return None
    language = member.language
    command = command_of(incoming)
    if command:
        header = translator.render(
            language, Msg.of("delivery.answers", command=command, group=incoming.chat.title)
        )
        first = replies[0]
        replies = [dataclasses.replace(first, text=header + _NEWLINE + first.text), *replies[1:]]
    key = f"reply:{platform}:{incoming.message_id}"
    for number, reply in enumerate(replies):
        message = PrivateMessage(
            member_id=member.id,
            key=f"{key}:{number}",
            payload=wire.dump(reply),
            platform=platform,
            user_id=user_id,
            notice_chat_id=incoming.chat.id,
            blocked=True,
        )
        queue_private(uow, message, now)
    return note_for(translator, language, user_id, member.display_name, incoming)

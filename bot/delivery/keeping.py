"""What could not be sent is kept, never dropped — the same on every platform.

A reply the platform would not take after the adapter's immediate retries (a 5xx, a
429 that outlasted them, a time-out) is written to the store in one transaction:
- meant for the member's private chat (a personal reply, or any reply in a one-to-one
  chat): the outbox, due after a short backoff; the deliverer sends it when the platform
  recovers and backs off further while it does not;
- meant for a group (an acknowledgement, a catalogue answer): the group-post queue, which
  the core's scheduler job `group-posts` tries again at every run (every 2 s by default);
  after a failed post the chat's later posts wait for the next run, to keep their order.
A permanent refusal (the member blocked the bot, the chat is gone) is not kept here: the
row waits as *blocked* until the member writes to the bot again (bot.delivery.parking).

Keys name the incoming message and the reply's place in the answer, so a redelivered
message whose replies were kept before keeps nothing twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.services.private_messages import PrivateMessage, queue_private

if TYPE_CHECKING:
    from datetime import datetime

    from bot.chat.messages import Incoming, Outgoing
    from bot.services.ports import UnitOfWork

# The first retry of a kept reply; the deliverer doubles it per failed attempt after that.
FIRST_RETRY = timedelta(seconds=1)


def keep_private(
    uow: UnitOfWork,
    incoming: Incoming,
    replies: list[Outgoing],
    now: datetime,
    *,
    part: str,
    blocked: bool = False,
) -> int:
    """Queue `replies` for the sender's private chat; how many were queued. `part` tells
    the answer's parts apart ("private", "here")."""
    platform, user_id = incoming.sender.platform, incoming.sender.id
    member = uow.members.by_identity(platform, user_id)
    if member is None:
        return 0
    key = f"kept:{platform}:{incoming.message_id}:{part}"
    queued = 0
    for number, reply in enumerate(replies):
        message = PrivateMessage(
            member_id=member.id,
            key=f"{key}:{number}",
            payload=wire.dump(reply),
            due_at=now + FIRST_RETRY,
            platform=platform,
            user_id=user_id,
            notice_chat_id=None if incoming.chat.is_private else incoming.chat.id,
            blocked=blocked,
        )
        queued += queue_private(uow, message, now)
    return queued


def keep_in_group(
    uow: UnitOfWork, incoming: Incoming, replies: list[Outgoing], now: datetime
) -> int:
    """Queue `replies` for the group `incoming` came from; how many were queued."""
    chat = incoming.chat
    key = f"kept:{chat.platform}:{incoming.message_id}:group"
    return sum(
        uow.group_posts.enqueue(f"{key}:{n}", chat.platform, chat.id, wire.dump(reply), now)
        for n, reply in enumerate(replies)
    )

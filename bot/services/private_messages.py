"""The one way to queue a message for a member's private chat.

Reminders, nudges, suggestion outcomes, review-round prompts and replies parked for a
member whose private chat cannot be reached all go through here, into the outbox
(bot.domain.outbox); the deliverer (bot.delivery.outbox) sends them.

    queue_private(uow, PrivateMessage(member_id=7, key="suggestion:3", payload=...), now)

`payload` is an Outgoing message in its stored form (bot.chat.wire.dump): the core below
bot/chat does not know message types. Render it in the member's language first
(`member_language`). Where a member is reached:
- `platform` and `user_id` given: that identity (the caller knows it already — fast for
  batches such as reminders);
- only `platform`: the member's identity on that platform; nothing is queued when they
  have none there;
- neither: where the member is reached best (bot.services.linking): the identity they
  chose, else the one they last used privately, else the oldest.

A key identifies the message's cause; a message whose key was queued before is not queued
again (a redelivered command or a second dispatcher does not duplicate it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from bot.domain.members import zone
from bot.services.ports import NewDelivery
from bot.services.schedules import after_quiet_hours

if TYPE_CHECKING:
    from bot.domain.members import Member
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class PrivateMessage:
    """Intent: queue `payload` for the private chat of member `member_id`."""

    member_id: int
    key: str
    payload: dict[str, Any]
    due_at: datetime | None = None  # None: now
    platform: str | None = None
    user_id: str | None = None
    # The group chat to post a short note in if the private chat cannot be reached, and
    # its platform when the message may go to another one (the note is dropped then).
    notice_chat_id: str | None = None
    notice_platform: str | None = None
    # Known to be undeliverable now: wait until the member writes privately.
    blocked: bool = False


def _delivery(uow: UnitOfWork, message: PrivateMessage, now: datetime) -> NewDelivery | None:
    platform, user_id = message.platform, message.user_id
    if platform is None or user_id is None:
        identities = uow.linking.reach(message.member_id)
        if platform is not None:
            identities = [i for i in identities if i[0] == platform]
        if not identities:
            return None
        platform, user_id = identities[0]
    notice = message.notice_chat_id
    if message.notice_platform not in (None, platform):
        notice = None
    return NewDelivery(
        key=message.key,
        member_id=message.member_id,
        platform=platform,
        user_id=user_id,
        payload=message.payload,
        due_at=now if message.due_at is None else message.due_at,
        notice_chat_id=notice,
        blocked=message.blocked,
    )


def queue_private(uow: UnitOfWork, message: PrivateMessage, now: datetime) -> bool:
    """Queue one message (in the caller's transaction). False when nothing was queued: the
    key was queued before, or the member cannot be reached where asked."""
    delivery = _delivery(uow, message, now)
    return delivery is not None and uow.outbox.enqueue(delivery, now)


def queue_private_many(uow: UnitOfWork, messages: list[PrivateMessage], now: datetime) -> int:
    """`queue_private` for a batch, in one statement. How many could be addressed (keys
    queued before are skipped silently)."""
    deliveries = [d for d in (_delivery(uow, m, now) for m in messages) if d is not None]
    if deliveries:
        uow.outbox.enqueue_many(deliveries, now)
    return len(deliveries)


def member_language(uow: UnitOfWork, member_id: int) -> str | None:
    """The language to render a member's private message in; None for an unknown member."""
    member = uow.members.get(member_id)
    return None if member is None else member.language


def unasked_time(
    uow: UnitOfWork, member: Member, now: datetime, until: datetime | None = None
) -> datetime | None:
    """When a message the member did not ask for (a prompt) may reach them: now, or the end
    of their quiet hours (/rusttijd), or after their holiday pause (/vakantie). None when
    that is not before `until` (then it is not worth sending at all)."""
    settings = uow.reminders.settings(member.id)
    due = after_quiet_hours(now, settings.quiet, member.timezone)
    if settings.paused_until is not None:
        back = datetime.combine(settings.paused_until, time(), tzinfo=zone(member.timezone))
        due = max(due, after_quiet_hours(back.astimezone(UTC), settings.quiet, member.timezone))
    return due if until is None or due < until else None

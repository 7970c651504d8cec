"""The delivery outbox: messages the bot owes a member in their private chat.

Anything sent without an incoming message to answer — a reminder, a review-round prompt, a
personal reply that could not reach a private chat yet — is a row here first, written in
the same transaction as the change that caused it. Adapters deliver from the outbox and
mark each row sent, so nothing is lost in a crash and an occurrence (one `key`) is never
queued twice."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime


# `notice_chat_id` for a message whose very existence is private (an /intro question): if
# the private chat cannot be reached, no group hears that something waits.
NO_NOTICE = "-"


class DeliveryState(StrEnum):
    PENDING = "pending"  # due at `due_at`; claimed rows carry a lease
    SENT = "sent"
    BLOCKED = "blocked"  # the private chat cannot be reached; waits until the member opens it


@dataclass(frozen=True)
class Delivery:
    id: int
    key: str  # unique forever, e.g. "reminder:12:2026-11-23T07:00:00+00:00"
    member_id: int
    platform: str
    user_id: str  # the member's id on `platform`; the private chat is derived from it
    payload: dict[str, Any]  # a rendered message (bot.chat.wire)
    due_at: datetime
    notice_chat_id: str | None  # a group where a content-free "open a DM" note may go
    attempts: int

"""A guided flow: a question the bot asked and is waiting to have answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime


@dataclass
class PendingFlow:
    """Kept in the store, so that a restart or another process can continue it."""

    member_id: int
    kind: str
    expires_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    # The choice keys that were offered, in order; answers by number map onto these.
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """A question left open when the member went on with something else: what was
    understood so far, kept until they finish it (bot.chat.drafts)."""

    member_id: int
    kind: str
    data: dict[str, Any]
    created_at: datetime
    id: int = 0

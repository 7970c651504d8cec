"""Introductions (/intro): one member asks to be put in touch with another.

Only a yes passes handles on. What the asker can learn is limited to "asked" and "yes":
a name that matches nobody, a member who shares nothing with the asker, a member who
blocked the asker, a no and no answer at all look the same to the asker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

EXPIRES_AFTER = timedelta(days=7)
MAX_OPEN = 5  # requests without a yes, not yet expired, per asker
MAX_PER_DAY = 10  # requests made in the last 24 hours, per asker
MAX_MESSAGE = 300  # characters of the asker's message
MAX_NAME = 100


class IntroState(StrEnum):
    OPEN = "open"  # asked, waiting for the target
    UNSENT = "unsent"  # nobody was asked (no such member, shares nothing, or blocked)
    ACCEPTED = "accepted"
    DECLINED = "declined"
    BLOCKED = "blocked"  # declined, and no more requests from this asker


@dataclass(frozen=True)
class Introduction:
    id: int
    asker_id: int
    target_id: int | None
    target_name: str
    platform: str
    message: str | None
    state: IntroState
    created_at: datetime
    expires_at: datetime

    def answerable(self, now: datetime) -> bool:
        return self.state is IntroState.OPEN and now < self.expires_at


def normal_name(name: str) -> str:
    """The name as asked, for comparing requests: "@Bob " and "bob" are one."""
    return " ".join(name.strip().lstrip("@").split()).lower()[:MAX_NAME]

"""A member owns one portfolio; platform identities point at a member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DEFAULT_TIMEZONE = "Europe/Amsterdam"


@dataclass
class Member:
    id: int
    display_name: str
    created_at: datetime
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    holiday_region: str | None = None  # noord | midden | zuid (Dutch school holidays)


@dataclass(frozen=True)
class Identity:
    """Who someone is on one platform. Several identities may later share one member."""

    platform: str
    user_id: str

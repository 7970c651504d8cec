"""A member owns one portfolio; platform identities point at a member."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from datetime import datetime

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DEFAULT_TIMEZONE = "Europe/Amsterdam"


def zone(name: str) -> ZoneInfo:
    """The time zone called `name`; the default one when there is none by that name (the
    one place that falls back: a stored zone may have left the tz database)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


@dataclass
class Member:
    id: int
    display_name: str
    created_at: datetime
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    holiday_region: str | None = None  # noord | midden | zuid (Dutch school holidays)
    # The stored handle of the identity the member was found by (`by_identity`), so that
    # the router writes one only when the platform gives a new one; None otherwise.
    handle: str | None = field(default=None, compare=False)

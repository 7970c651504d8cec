"""Whom a command names through the platform: a mention, or the author of the message it
replies to. One resolver for /intro and /profiel, so both find the same colleague."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class Named:
    """A colleague the platform pointed at (a mention, the author of a replied-to
    message): by user id, or by the handle their identity has; `name` as the asker sees it."""

    user_id: str | None
    handle: str | None
    name: str


def member_named(uow: UnitOfWork, platform: str, named: Named) -> int | None:
    """The member the platform pointed at, if they use the bot. Callers show nothing more
    than that member shares with the asker, so None and "shares nothing" look the same."""
    member = None
    if named.user_id:
        member = uow.members.by_identity(platform, named.user_id)
    elif named.handle:
        member = uow.members.by_handle(platform, named.handle)
    return member.id if member is not None else None

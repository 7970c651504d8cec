"""Who moderates what.

Two kinds of moderator (see README, "Moderation"):
- a community moderator: an administrator of a group chat, acting in that group. They act
  on what belongs to their community: its review rounds, the reports made in it, and
  reviews written by its members (a review is shared by every community; hiding one hides
  it everywhere, so a community moderator may hide only their own members' reviews, and
  unhide only what their community hid);
- an operator, named in PORTFOLIOBOT_ADMINS by platform identity: catalogue-wide, anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Moderator:
    """Who acts as moderator, and over what."""

    member_id: int
    community_id: int | None  # None: an operator, catalogue-wide

    @property
    def is_operator(self) -> bool:
        return self.community_id is None

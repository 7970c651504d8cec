"""One portfolio across platforms: link codes, merging, unlinking, where messages go.

`/koppel` on platform A makes a one-time code (only its hash is stored); entering it on
platform B joins B's identity to A's portfolio. The member where the code was made
survives: it keeps its name, language and time zone, and everything of B's member moves
into it (storage merges table by table, see storage.repositories.linking). When both
sides hold data, the member confirms first (nothing lost by accident); the code is used
up as soon as it is entered.

Messages the bot owes a member privately go to the identity they chose
(`/koppelingen voorkeur`), else to the one they last wrote from privately, else the
oldest (bot.services.private_messages asks `uow.linking.reach`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.services.errors import ServiceError
from bot.services.search import reindex_member

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.ports import LinkedIdentity, MergeResult, UnitOfWork

# No 0/O, 1/I/L: read aloud or typed over from another screen without doubt.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5  # wrong codes per member …
ATTEMPT_WINDOW = timedelta(hours=1)  # … within this time
# A message that is only a code, as shown ("K7QM-4XPD"), links too.
BARE_CODE = re.compile(rf"^\s*[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}\s*$", re.IGNORECASE)
# The tables counted when asking to merge (what a member recognises as their data).
SHOWN = ("activities", "goals", "reminders", "reviews", "profile_fields")


def normalise(code: str) -> str:
    return re.sub(r"[\s\-_.]", "", code).upper()


def looks_like_code(text: str) -> bool:
    return BARE_CODE.match(text) is not None


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class MakeCode:
    member_id: int
    platform: str
    user_id: str
    now: datetime


@dataclass(frozen=True)
class MadeCode:
    code: str
    expires_at: datetime


def make_code(cmd: MakeCode, uow: UnitOfWork) -> MadeCode:
    code = new_code()
    expires = cmd.now + CODE_TTL
    uow.linking.add_code(
        cmd.member_id, cmd.platform, cmd.user_id, code_hash(code), cmd.now, expires
    )
    return MadeCode(code, expires)


class Entered(StrEnum):
    LINKED = "linked"  # joined (and merged, when there was data on one side)
    CONFIRM = "confirm"  # both sides hold data: ask first
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    OWN_CODE = "own_code"  # entered on the identity that made it
    ALREADY = "already"  # this identity is linked to that portfolio already
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class EnterCode:
    member_id: int
    platform: str
    user_id: str
    code: str
    now: datetime


@dataclass
class EnteredCode:
    outcome: Entered
    survivor: int | None = None
    # Rows per table (SHOWN) of the member entering the code and of the portfolio it joins.
    here: dict[str, int] = field(default_factory=dict)
    there: dict[str, int] = field(default_factory=dict)
    merged: MergeResult | None = None
    retry_at: datetime | None = None  # TOO_MANY: when a new try is allowed
    attempts_left: int = MAX_ATTEMPTS


def _shown(counts: dict[str, int]) -> dict[str, int]:
    return {name: counts.get(name, 0) for name in SHOWN}


def enter_code(cmd: EnterCode, uow: UnitOfWork) -> EnteredCode:
    """Check a code entered by member `member_id` (from `platform`/`user_id`) and link, or
    say why not. Wrong codes count against the member's attempts."""
    failed = uow.linking.failed_attempts(cmd.member_id, cmd.now - ATTEMPT_WINDOW)
    if len(failed) >= MAX_ATTEMPTS:
        return EnteredCode(
            Entered.TOO_MANY, retry_at=failed[len(failed) - MAX_ATTEMPTS] + ATTEMPT_WINDOW
        )

    def wrong(outcome: Entered) -> EnteredCode:
        uow.linking.record_attempt(cmd.member_id, cmd.now)
        return EnteredCode(outcome, attempts_left=MAX_ATTEMPTS - len(failed) - 1)

    normal = normalise(cmd.code)
    code = uow.linking.find_code(code_hash(normal)) if len(normal) == CODE_LENGTH else None
    if code is None:
        return wrong(Entered.UNKNOWN)
    if (code.platform, code.user_id) == (cmd.platform, cmd.user_id):
        return EnteredCode(Entered.OWN_CODE)
    if code.used_at is not None:
        return wrong(Entered.USED)
    if code.expires_at <= cmd.now:
        return wrong(Entered.EXPIRED)
    if code.member_id == cmd.member_id:
        uow.linking.use_code(code.id, cmd.now)
        return EnteredCode(Entered.ALREADY)
    if not uow.linking.use_code(code.id, cmd.now):
        return wrong(Entered.USED)
    here = uow.linking.has_data(cmd.member_id)
    there = uow.linking.has_data(code.member_id)
    if here and there:
        return EnteredCode(Entered.CONFIRM, code.member_id, _shown(here), _shown(there))
    merged = merge_members(uow, code.member_id, cmd.member_id)
    return EnteredCode(Entered.LINKED, code.member_id, _shown(here), _shown(there), merged)


def merge_members(uow: UnitOfWork, survivor: int, absorbed: int) -> MergeResult:
    """Merge in the caller's unit of work: rows, then ratings and the search index."""
    merged = uow.linking.merge(survivor, absorbed)
    for offering in sorted(set(merged.offerings)):
        uow.catalogue.refresh_rating(offering)
    reindex_member(uow, survivor)
    return merged


@dataclass(frozen=True)
class ConfirmMerge:
    member_id: int  # the member who entered the code
    survivor: int
    now: datetime


def confirm_merge(cmd: ConfirmMerge, uow: UnitOfWork) -> MergeResult:
    if cmd.survivor == cmd.member_id:
        raise ServiceError("link.already")
    if uow.members.get(cmd.survivor) is None:
        raise ServiceError("link.gone")
    return merge_members(uow, cmd.survivor, cmd.member_id)


def linked(uow: UnitOfWork, member_id: int) -> list[LinkedIdentity]:
    return uow.linking.identities(member_id)


def reached(uow: UnitOfWork, member_id: int) -> tuple[str, str] | None:
    """The identity private messages go to now."""
    reach = uow.linking.reach(member_id)
    return reach[0] if reach else None


@dataclass(frozen=True)
class Unlink:
    member_id: int
    platform: str
    user_id: str
    now: datetime


def unlink(cmd: Unlink, uow: UnitOfWork) -> int:
    """Split the identity off to a fresh, empty member; the portfolio stays with the other
    identities. The id of the new member."""
    mine = uow.linking.identities(cmd.member_id)
    if not any((i.platform, i.user_id) == (cmd.platform, cmd.user_id) for i in mine):
        raise ServiceError("link.no_such")
    if len(mine) < 2:
        raise ServiceError("link.unlink_last")
    return uow.linking.split(cmd.platform, cmd.user_id, cmd.now)


@dataclass(frozen=True)
class Prefer:
    member_id: int
    platform: str | None  # None: wherever the member last wrote privately
    user_id: str | None


def prefer(cmd: Prefer, uow: UnitOfWork) -> None:
    uow.linking.set_preferred(cmd.member_id, cmd.platform, cmd.user_id)


def void_code(uow: UnitOfWork, code: str, now: datetime) -> None:
    """A code typed where others could read it (a group) stops working."""
    found = uow.linking.find_code(code_hash(code))
    if found is not None:
        uow.linking.use_code(found.id, now)

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, select, update

from bot.domain.members import Member
from storage.models import identities, members
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

    from bot.services.ports import NewMember

_SELECT_MEMBER = select(
    members.c.id,
    members.c.display_name,
    members.c.created_at,
    members.c.language,
    members.c.timezone,
    members.c.holiday_region,
)
_BY_IDENTITY = (
    _SELECT_MEMBER.add_columns(identities.c.handle)
    .join(identities, identities.c.member_id == members.c.id)
    .where(
        identities.c.platform == bindparam("platform"),
        identities.c.user_id == bindparam("user_id"),
    )
)
_BY_HANDLE = (
    _SELECT_MEMBER.join(identities, identities.c.member_id == members.c.id)
    .where(
        identities.c.platform == bindparam("platform"),
        func.lower(identities.c.handle) == bindparam("handle"),
    )
    .order_by(identities.c.created_at)
    .limit(1)
)
_BY_ID = _SELECT_MEMBER.where(members.c.id == bindparam("member_id"))
_IDENTITIES = (
    select(identities.c.platform, identities.c.user_id)
    .where(identities.c.member_id == bindparam("member_id"))
    .order_by(identities.c.created_at, identities.c.platform)
)
_HANDLES = (
    select(identities.c.platform, identities.c.handle)
    .where(identities.c.member_id == bindparam("member_id"), identities.c.handle.is_not(None))
    .order_by(identities.c.created_at, identities.c.platform)
)
_SET_HANDLE = (
    update(identities)
    .where(
        identities.c.platform == bindparam("b_platform"),
        identities.c.user_id == bindparam("b_user_id"),
    )
    .values(handle=bindparam("b_handle"))
)
_INSERT = members.insert().returning(members.c.id)
_DELETE = delete(members).where(members.c.id == bindparam("member_id"))
_SAVE = (
    update(members)
    .where(members.c.id == bindparam("member_id"))
    .values(
        display_name=bindparam("display_name"),
        language=bindparam("language"),
        timezone=bindparam("timezone"),
        holiday_region=bindparam("holiday_region"),
    )
)
# One statement per sequence: the row lock (PostgreSQL) or the write lock BEGIN
# IMMEDIATE took (SQLite) serialises concurrent callers. RETURNING sees the new value.
_NEXT_NUMBER = {
    sequence: update(members)
    .where(members.c.id == bindparam("member_id"))
    .values({column: column + 1})
    .returning(column - 1)
    for sequence, column in (
        ("activity", members.c.next_activity_number),
        ("goal", members.c.next_goal_number),
    )
}


@cache
def _claim_identity(dialect: str) -> Insert:
    return upsert(dialect, identities).on_conflict_do_nothing()


def _member(row: Any) -> Member:
    return Member(
        id=row.id,
        display_name=row.display_name,
        created_at=row.created_at,
        language=row.language,
        timezone=row.timezone,
        holiday_region=row.holiday_region,
        handle=row._mapping.get("handle"),
    )


class SqlMemberRepository(Repository):
    def by_identity(self, platform: str, user_id: str) -> Member | None:
        row = self._db.execute(_BY_IDENTITY, {"platform": platform, "user_id": user_id}).first()
        return None if row is None else _member(row)

    def create_with_identity(self, platform: str, user_id: str, new: NewMember) -> Member:
        member = {
            "display_name": new.display_name,
            "language": new.language,
            "timezone": new.timezone,
            "created_at": new.now,
        }
        member_id: int = self._db.execute(_INSERT, member).scalar_one()
        claimed = self._db.execute(
            _claim_identity(self._dialect),
            {
                "platform": platform,
                "user_id": user_id,
                "member_id": member_id,
                "created_at": new.now,
            },
        )
        if claimed.rowcount == 0:
            # Two first messages of one person raced (PostgreSQL); the other command won.
            # ON CONFLICT waited for it to commit, so its member is visible now.
            self._db.execute(_DELETE, {"member_id": member_id})
            existing = self.by_identity(platform, user_id)
            assert existing is not None
            return existing
        return Member(
            id=member_id,
            display_name=new.display_name,
            created_at=new.now,
            language=new.language,
            timezone=new.timezone,
        )

    def identities(self, member_id: int) -> list[tuple[str, str]]:
        rows = self._db.execute(_IDENTITIES, {"member_id": member_id})
        return [(row.platform, row.user_id) for row in rows]

    def set_handle(self, platform: str, user_id: str, handle: str) -> None:
        params = {"b_platform": platform, "b_user_id": user_id, "b_handle": handle}
        self._db.execute(_SET_HANDLE, params)

    def by_handle(self, platform: str, handle: str) -> Member | None:
        params = {"platform": platform, "handle": handle.lower()}
        row = self._db.execute(_BY_HANDLE, params).first()
        return None if row is None else _member(row)

    def handles(self, member_id: int) -> list[tuple[str, str]]:
        rows = self._db.execute(_HANDLES, {"member_id": member_id})
        return [(row.platform, row.handle) for row in rows]

    def get(self, member_id: int) -> Member | None:
        row = self._db.execute(_BY_ID, {"member_id": member_id}).first()
        return None if row is None else _member(row)

    def save(self, member: Member) -> None:
        result = self._db.execute(
            _SAVE,
            {
                "member_id": member.id,
                "display_name": member.display_name,
                "language": member.language,
                "timezone": member.timezone,
                "holiday_region": member.holiday_region,
            },
        )
        if result.rowcount == 0:
            raise LookupError(f"no member {member.id}")

    def next_number(self, member_id: int, sequence: str) -> int:
        try:
            statement = _NEXT_NUMBER[sequence]
        except KeyError:
            raise ValueError(f"unknown sequence {sequence!r}") from None
        number = self._db.execute(statement, {"member_id": member_id}).scalar_one_or_none()
        if number is None:
            raise LookupError(f"no member {member_id}")
        return int(number)

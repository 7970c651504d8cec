"""Introduction requests (/intro)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, func, or_, select, update

from bot.domain.introductions import Introduction, IntroState
from storage.models import introductions
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from datetime import datetime

_c = introductions.c
_INSERT = introductions.insert().returning(_c.id)
_GET = select(introductions).where(_c.id == bindparam("id"))
_NOT_YET = and_(
    _c.asker_id == bindparam("asker_id"),
    _c.state != IntroState.ACCEPTED.value,
    _c.expires_at > bindparam("now"),
)
_OPEN_COUNT = select(func.count()).where(_NOT_YET)
_SINCE_COUNT = select(func.count()).where(
    _c.asker_id == bindparam("asker_id"), _c.created_at > bindparam("since")
)
_PENDING_TO_MEMBER = select(introductions).where(_NOT_YET, _c.target_id == bindparam("target_id"))
_PENDING_TO_NAME = select(introductions).where(
    _NOT_YET,
    _c.state == IntroState.UNSENT.value,
    or_(_c.target_id.is_(None), _c.target_id == bindparam("target_id")),
    _c.target_name == bindparam("target_name"),
)
_BLOCKED = (
    select(_c.id)
    .where(
        _c.asker_id == bindparam("asker_id"),
        _c.target_id == bindparam("target_id"),
        _c.state == IntroState.BLOCKED.value,
    )
    .limit(1)
)
_ANSWER = (
    update(introductions)
    .where(
        _c.id == bindparam("b_id"),
        _c.state == IntroState.OPEN.value,
        _c.expires_at > bindparam("b_now"),
    )
    .values(state=bindparam("b_state"), answered_at=bindparam("b_now"))
)
_WAITING = select(introductions).where(_NOT_YET).order_by(_c.created_at, _c.id)


def _intro(row: Any) -> Introduction:
    return Introduction(
        id=row.id,
        asker_id=row.asker_id,
        target_id=row.target_id,
        target_name=row.target_name,
        platform=row.platform,
        message=row.message,
        state=IntroState(row.state),
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


class SqlIntroductionRepository(Repository):
    def add(
        self,
        asker_id: int,
        target_id: int | None,
        target_name: str,
        platform: str,
        message: str | None,
        state: IntroState,
        now: datetime,
        expires_at: datetime,
    ) -> int:
        row = {
            "asker_id": asker_id,
            "target_id": target_id,
            "target_name": target_name,
            "platform": platform,
            "message": message,
            "state": state.value,
            "created_at": now,
            "expires_at": expires_at,
        }
        return int(self._db.execute(_INSERT, row).scalar_one())

    def get(self, intro_id: int) -> Introduction | None:
        row = self._db.execute(_GET, {"id": intro_id}).first()
        return None if row is None else _intro(row)

    def load(self, asker_id: int, now: datetime, since: datetime) -> tuple[int, int]:
        open_ = self._db.execute(_OPEN_COUNT, {"asker_id": asker_id, "now": now}).scalar_one()
        made = self._db.execute(_SINCE_COUNT, {"asker_id": asker_id, "since": since}).scalar_one()
        return int(open_), int(made)

    def pending(
        self, asker_id: int, target_id: int | None, target_name: str, now: datetime
    ) -> Introduction | None:
        params = {"asker_id": asker_id, "now": now, "target_id": target_id}
        if target_id is not None:
            row = self._db.execute(_PENDING_TO_MEMBER, params).first()
            if row is not None:
                return _intro(row)
        row = self._db.execute(_PENDING_TO_NAME, {**params, "target_name": target_name}).first()
        return None if row is None else _intro(row)

    def blocked(self, asker_id: int, target_id: int) -> bool:
        params = {"asker_id": asker_id, "target_id": target_id}
        return self._db.execute(_BLOCKED, params).first() is not None

    def answer(self, intro_id: int, state: IntroState, now: datetime) -> bool:
        params = {"b_id": intro_id, "b_state": state.value, "b_now": now}
        return self._db.execute(_ANSWER, params).rowcount == 1

    def waiting(self, asker_id: int, now: datetime) -> list[Introduction]:
        rows = self._db.execute(_WAITING, {"asker_id": asker_id, "now": now})
        return [_intro(row) for row in rows]

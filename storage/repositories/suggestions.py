"""Offerings members suggest for the catalogue, until a moderator decides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from bot.domain.catalogue import Suggestion, SuggestionState
from storage.models import members, offering_suggestions
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from datetime import datetime

_s = offering_suggestions.c
_m = members.c
_PENDING = SuggestionState.PENDING.value

_SELECT = select(offering_suggestions, _m.display_name.label("author")).join(
    members, _m.id == _s.member_id
)
_GET = _SELECT.where(_s.id == bindparam("id"))
_LIST = _SELECT.where(_s.state == _PENDING).order_by(_s.id).limit(bindparam("n"))
_INSERT = offering_suggestions.insert().returning(_s.id)
_DECIDE = (
    update(offering_suggestions)
    .where(_s.id == bindparam("b_id"), _s.state == _PENDING)
    .values(
        state=bindparam("b_state"),
        decided_by=bindparam("b_moderator"),
        decided_at=bindparam("b_now"),
    )
)


def _suggestion(row: Any) -> Suggestion:
    return Suggestion(
        id=row.id,
        member_id=row.member_id,
        title=row.title,
        provider=row.provider,
        url=row.url,
        state=SuggestionState(row.state),
        created_at=row.created_at,
        author=row.author,
    )


class SqlSuggestionRepository(Repository):
    def add(self, member_id: int, title: str, provider: str, url: str, now: datetime) -> int:
        params = {
            "member_id": member_id,
            "title": title,
            "provider": provider,
            "url": url,
            "state": _PENDING,
            "created_at": now,
            "decided_by": None,
            "decided_at": None,
        }
        return int(self._db.execute(_INSERT, params).scalar_one())

    def get(self, suggestion_id: int) -> Suggestion | None:
        row = self._db.execute(_GET, {"id": suggestion_id}).first()
        return _suggestion(row) if row else None

    def pending(self, limit: int) -> list[Suggestion]:
        return [_suggestion(row) for row in self._db.execute(_LIST, {"n": limit})]

    def decide(
        self, suggestion_id: int, state: SuggestionState, moderator_id: int, now: datetime
    ) -> bool:
        params = {"b_id": suggestion_id, "b_state": state.value, "b_moderator": moderator_id}
        return self._db.execute(_DECIDE, params | {"b_now": now}).rowcount == 1

"""The undo journal (one row per member) and drafts of questions left open."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select

from bot.domain.flows import Draft
from bot.domain.undo import Change, ChangeKind
from storage.models import drafts, undo_journal
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

_u = undo_journal.c
_GET_CHANGE = select(undo_journal).where(_u.member_id == bindparam("member_id"))
_CLEAR_CHANGE = delete(undo_journal).where(_u.member_id == bindparam("member_id"))

_d = drafts.c
_ADD_DRAFT = drafts.insert().returning(_d.id)
_OF_MEMBER = _d.member_id == bindparam("member_id")
_GET_DRAFT = select(drafts).where(_OF_MEMBER, _d.id == bindparam("draft_id"))
_LIST_DRAFTS = select(drafts).where(_OF_MEMBER).order_by(_d.created_at, _d.id)
_REMOVE_DRAFT = delete(drafts).where(_OF_MEMBER, _d.id == bindparam("draft_id"))


@cache
def _put_change(dialect: str) -> Insert:
    insert = upsert(dialect, undo_journal)
    replaced = {name: insert.excluded[name] for name in ("kind", "number", "before", "changed_at")}
    return insert.on_conflict_do_update(index_elements=[_u.member_id], set_=replaced)


class SqlUndoJournal(Repository):
    def put(self, change: Change) -> None:
        params = {
            "member_id": change.member_id,
            "kind": change.kind.value,
            "number": change.number,
            "before": change.before,
            "changed_at": change.changed_at,
        }
        self._db.execute(_put_change(self._dialect), params)

    def get(self, member_id: int) -> Change | None:
        row = self._db.execute(_GET_CHANGE, {"member_id": member_id}).first()
        if row is None:
            return None
        before = dict(row.before) if row.before is not None else None
        return Change(row.member_id, ChangeKind(row.kind), row.number, before, row.changed_at)

    def clear(self, member_id: int) -> None:
        self._db.execute(_CLEAR_CHANGE, {"member_id": member_id})


def _draft(row: Any) -> Draft:
    return Draft(row.member_id, row.kind, dict(row.data), row.created_at, row.id)


class SqlDraftRepository(Repository):
    def add(self, draft: Draft) -> Draft:
        params = {
            "member_id": draft.member_id,
            "kind": draft.kind,
            "data": draft.data,
            "created_at": draft.created_at,
        }
        new_id = self._db.execute(_ADD_DRAFT, params).scalar_one()
        return Draft(draft.member_id, draft.kind, draft.data, draft.created_at, new_id)

    def get(self, member_id: int, draft_id: int) -> Draft | None:
        params = {"member_id": member_id, "draft_id": draft_id}
        row = self._db.execute(_GET_DRAFT, params).first()
        return None if row is None else _draft(row)

    def of_member(self, member_id: int) -> list[Draft]:
        return [_draft(row) for row in self._db.execute(_LIST_DRAFTS, {"member_id": member_id})]

    def remove(self, member_id: int, draft_id: int) -> bool:
        params = {"member_id": member_id, "draft_id": draft_id}
        return self._db.execute(_REMOVE_DRAFT, params).rowcount > 0

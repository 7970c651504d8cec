"""Profiles (one row per field) and the expertise search index."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    and_,
    bindparam,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)

from bot.domain.activities import Visibility
from bot.domain.profiles import Profile, ProfileField
from bot.domain.search_text import prefix
from storage.models import (
    community_members,
    members,
    profile_fields,
    search_reindex,
    search_terms,
    search_vocabulary,
)
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

    from sqlalchemy import ColumnElement, CompoundSelect
    from sqlalchemy.sql.dml import Insert

    from bot.services.ports.profiles import IndexedTerm

_p = profile_fields.c
_MEMBER = select(members.c.display_name).where(members.c.id == bindparam("member_id"))
_FIELDS = select(_p.field, _p.value, _p.visibility).where(_p.member_id == bindparam("member_id"))
_NAMED = (
    select(members.c.id)
    .where(func.lower(members.c.display_name) == bindparam("name"))
    .union(
        select(_p.member_id).where(
            _p.field == ProfileField.NAME.value, func.lower(_p.value) == bindparam("name")
        )
    )
)
_mine = community_members.alias("mine")
_theirs = community_members.alias("theirs")
_SHARED = (
    select(_mine.c.community_id)
    .join(_theirs, _theirs.c.community_id == _mine.c.community_id)
    .where(_mine.c.member_id == bindparam("member_id"), _theirs.c.member_id == bindparam("other"))
    .limit(1)
)
_t = search_terms.c
_ASKERS_PEERS = (
    select(_theirs.c.member_id)
    .join(_mine, _mine.c.community_id == _theirs.c.community_id)
    .where(_mine.c.member_id == bindparam("asker"))
)
_VISIBLE_TO_ASKER = (
    _t.member_id != bindparam("asker"),
    or_(
        _t.visibility == Visibility.PUBLIC.value,
        and_(_t.visibility == Visibility.COMMUNITY.value, _t.member_id.in_(_ASKERS_PEERS)),
    ),
)
_WEIGHTS_OF = (
    select(_t.member_id, _t.term, func.max(_t.weight))
    .where(
        _t.term.in_(bindparam("terms", expanding=True)),
        _t.member_id.in_(bindparam("ids", expanding=True)),
        *_VISIBLE_TO_ASKER,
    )
    .group_by(_t.member_id, _t.term)
)
_DROP_TERMS = delete(search_terms).where(_t.member_id.in_(bindparam("ids", expanding=True)))
_ADD_TERM = search_terms.insert()
_v = search_vocabulary.c
_KNOWN = select(_v.term).where(_v.term.in_(bindparam("terms", expanding=True)))
_BUCKET = select(_v.term).where(_v.prefix == bindparam("prefix"))
_r = search_reindex.c
# Claimed marks are deleted in the claiming transaction; on PostgreSQL a mark another
# transaction is claiming is skipped (SKIP LOCKED), SQLite has one writer at a time anyway.
_CLAIM = (
    delete(search_reindex)
    .where(
        _r.member_id.in_(
            select(_r.member_id)
            .order_by(_r.member_id)
            .limit(bindparam("limit"))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
    )
    .returning(_r.member_id)
)
_FIELDS_OF_MANY = select(_p.member_id, _p.field, _p.value, _p.visibility).where(
    _p.member_id.in_(bindparam("ids", expanding=True))
)
_NAMES_OF_MANY = select(members.c.id, members.c.display_name).where(
    members.c.id.in_(bindparam("ids", expanding=True))
)
_PEERS_AMONG = (
    select(_theirs.c.member_id)
    .join(_mine, _mine.c.community_id == _theirs.c.community_id)
    .where(
        _mine.c.member_id == bindparam("member_id"),
        _theirs.c.member_id.in_(bindparam("ids", expanding=True)),
    )
    .distinct()
)
_VISIBILITY = (
    update(profile_fields)
    .where(_p.member_id == bindparam("key_member"), _p.field == bindparam("key_field"))
    .values(visibility=bindparam("visibility"), updated_at=bindparam("updated_at"))
)


@cache
def _set_value(dialect: str) -> Insert:
    insert = upsert(dialect, profile_fields)
    return insert.on_conflict_do_update(
        index_elements=[_p.member_id, _p.field],
        set_={"value": insert.excluded.value, "updated_at": insert.excluded.updated_at},
    )


@cache
def _share(dialect: str) -> Insert:
    insert = upsert(dialect, profile_fields)
    return insert.on_conflict_do_update(
        index_elements=[_p.member_id, _p.field],
        set_={"visibility": insert.excluded.visibility, "updated_at": insert.excluded.updated_at},
    )


@cache
def _tops(count: int, depth: int) -> CompoundSelect[Any]:
    """The first `depth` visible rows of each of `count` terms, best weight first, then
    the newest member: per term a backward range of the (term, weight, member_id) index."""
    return union_all(
        *(
            select(
                select(_t.term, _t.member_id, _t.weight)
                .where(_t.term == bindparam(f"t{i}"), *_VISIBLE_TO_ASKER)
                .order_by(_t.weight.desc(), _t.member_id.desc())
                .limit(depth)
                .subquery()
            )
            for i in range(count)
        )
    )


@cache
def _add_vocabulary(dialect: str) -> Insert:
    return upsert(dialect, search_vocabulary).on_conflict_do_nothing(index_elements=[_v.term])


class SqlProfileRepository(Repository):
    def get(self, member_id: int) -> Profile | None:
        name = self._db.execute(_MEMBER, {"member_id": member_id}).scalar()
        if name is None:
            return None
        profile = Profile(member_id, name)
        for row in self._db.execute(_FIELDS, {"member_id": member_id}):
            _add_field(profile, row)
        return profile

    def set_value(
        self, member_id: int, field: ProfileField, value: str | None, now: datetime
    ) -> None:
        params = {
            "member_id": member_id,
            "field": field.value,
            "value": value,
            "visibility": Visibility.PRIVATE.value,
            "updated_at": now,
        }
        self._db.execute(_set_value(self._dialect), params)

    def set_visibility(
        self, member_id: int, fields: Iterable[ProfileField], visibility: Visibility, now: datetime
    ) -> None:
        rows = [
            {
                "member_id": member_id,
                "field": field.value,
                "value": None,
                "visibility": visibility.value,
                "updated_at": now,
            }
            for field in fields
        ]
        if rows:
            self._db.execute(_share(self._dialect), rows)

    def members_named(self, name: str) -> list[int]:
        rows = self._db.execute(_NAMED, {"name": name.lower()})
        return sorted(int(row[0]) for row in rows)

    def share_a_community(self, member_id: int, other_id: int) -> bool:
        params = {"member_id": member_id, "other": other_id}
        return self._db.execute(_SHARED, params).first() is not None

    def get_many(self, member_ids: Sequence[int]) -> dict[int, Profile]:
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        found = {
            row.id: Profile(row.id, row.display_name)
            for row in self._db.execute(_NAMES_OF_MANY, {"ids": ids})
        }
        for row in self._db.execute(_FIELDS_OF_MANY, {"ids": ids}):
            _add_field(found[row.member_id], row)
        return found

    def peers_among(self, member_id: int, others: Sequence[int]) -> set[int]:
        ids = sorted(set(others))
        if not ids:
            return set()
        rows = self._db.execute(_PEERS_AMONG, {"member_id": member_id, "ids": ids})
        return {int(row[0]) for row in rows}


def _add_field(profile: Profile, row: Any) -> None:
    try:
        field = ProfileField(row.field)
    except ValueError:  # a field a newer version added: not ours to show
        return
    profile.visibility[field] = Visibility(row.visibility)
    if row.value is not None:
        profile.values[field] = row.value


class SqlSearchRepository(Repository):
    def replace_many(self, terms: Mapping[int, Iterable[IndexedTerm]]) -> None:
        if not terms:
            return
        self._db.execute(_DROP_TERMS, {"ids": sorted(terms)})
        rows = [
            {
                "term": t.term,
                "member_id": member_id,
                "visibility": t.visibility.value,
                "weight": t.weight,
            }
            for member_id, member_terms in terms.items()
            for t in member_terms
        ]
        if not rows:
            return
        self._db.execute(_ADD_TERM, rows)
        vocabulary = sorted({str(row["term"]) for row in rows})
        self._db.execute(
            _add_vocabulary(self._dialect),
            [{"term": term, "prefix": prefix(term)} for term in vocabulary],
        )

    def known(self, terms: Iterable[str]) -> set[str]:
        wanted = sorted(set(terms))
        if not wanted:
            return set()
        return {row[0] for row in self._db.execute(_KNOWN, {"terms": wanted})}

    def mark(self, member_ids: Iterable[int]) -> None:
        ids = sorted(set(member_ids))
        if ids:
            insert = upsert(self._dialect, search_reindex).on_conflict_do_nothing()
            self._db.execute(insert, [{"member_id": member_id} for member_id in ids])

    def claim_marked(self, limit: int) -> list[int]:
        return sorted(int(row[0]) for row in self._db.execute(_CLAIM, {"limit": limit}))

    def vocabulary(self, prefix: str) -> list[str]:
        return sorted(row[0] for row in self._db.execute(_BUCKET, {"prefix": prefix}))

    def tops(
        self, terms: Sequence[str], asker_id: int, depth: int
    ) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {term: [] for term in terms}
        if not terms:
            return found
        params: dict[str, object] = {f"t{i}": term for i, term in enumerate(terms)}
        params["asker"] = asker_id
        for row in self._db.execute(_tops(len(terms), depth), params):
            found[row[0]].append((int(row[1]), int(row[2])))
        for postings in found.values():  # a UNION ALL keeps no order: restore each term's
            postings.sort(key=lambda p: (-p[1], -p[0]))
        return found

    def weights(
        self, terms: Sequence[str], member_ids: Sequence[int], asker_id: int
    ) -> dict[tuple[int, str], int]:
        if not terms or not member_ids:
            return {}
        params = {"terms": sorted(set(terms)), "ids": sorted(set(member_ids)), "asker": asker_id}
        rows = self._db.execute(_WEIGHTS_OF, params)
        return {(int(row[0]), str(row[1])): int(row[2]) for row in rows}

    def rank(
        self, concepts: Sequence[Mapping[str, int]], asker_id: int, limit: int
    ) -> list[tuple[int, tuple[int, ...]]]:
        """One statement: per member, each concept's best quality × weight (a MAX over a
        CASE of its terms), summed and ordered in the store; only the top rows return."""
        terms = sorted({term for concept in concepts for term in concept})
        if not terms:
            return []
        columns = [
            func.max(
                case(
                    *(
                        (_t.term == literal(term), _t.weight * quality)
                        for term, quality in sorted(concept.items())
                    ),
                    else_=literal(0),
                )
            ).label(f"c{i}")
            for i, concept in enumerate(concepts)
        ]
        grouped = (
            select(_t.member_id, *columns)
            .where(_t.term.in_(bindparam("terms", expanding=True)), *_VISIBLE_TO_ASKER)
            .group_by(_t.member_id)
            .subquery()
        )
        bests = [grouped.c[f"c{i}"] for i in range(len(concepts))]
        total: ColumnElement[Any] = bests[0]
        for best in bests[1:]:
            total = total + best
        query = (
            select(grouped.c.member_id, *bests)
            .order_by(total.desc(), grouped.c.member_id.desc())
            .limit(limit)
        )
        rows = self._db.execute(query, {"terms": terms, "asker": asker_id})
        return [(int(row[0]), tuple(int(v) for v in row[1:])) for row in rows]

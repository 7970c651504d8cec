"""Review rounds: a community's moderators ask members to review one offering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from bot.domain.catalogue import Review, ReviewRound, RoundState
from storage.models import (
    activities,
    communities,
    community_members,
    review_rounds,
    reviews,
    round_prompt_optouts,
)
from storage.repositories._base import Repository, upsert
from storage.repositories.reviews import WITH_AUTHOR, review_from_row

if TYPE_CHECKING:
    from datetime import datetime

_r = reviews.c
_rr = review_rounds.c
_c = communities.c
_cm = community_members.c

_ROUND = select(review_rounds, _c.platform, _c.chat_id).join(
    communities, _c.id == _rr.community_id
)
_ROUND_GET = _ROUND.where(_rr.id == bindparam("id"))
_ROUND_CURRENT = (
    _ROUND.where(
        _rr.community_id == bindparam("community_id"),
        _rr.state == RoundState.OPEN.value,
        _rr.deadline > bindparam("now"),
    )
    .order_by(_rr.id.desc())
    .limit(1)
)
_ROUND_DUE = (
    _ROUND.where(_rr.state == RoundState.OPEN.value, _rr.deadline <= bindparam("now"))
    .order_by(_rr.deadline, _rr.id)
    .limit(bindparam("n"))
)
_ROUND_INSERT = review_rounds.insert().returning(_rr.id)
_ROUND_CLOSE = (
    update(review_rounds)
    .where(_rr.id == bindparam("b_id"), _rr.state == RoundState.OPEN.value)
    .values(state=RoundState.CLOSED.value, closed_at=bindparam("b_now"))
)
_ROUND_CUT_SHORT = (
    update(review_rounds)
    .where(_rr.id == bindparam("b_id"), _rr.state == RoundState.OPEN.value)
    .values(deadline=bindparam("b_now"))
)
_ANSWERS = (
    WITH_AUTHOR.join(community_members, _cm.member_id == _r.member_id)
    .where(
        _cm.community_id == bindparam("community_id"),
        _r.offering_id == bindparam("offering_id"),
        _r.hidden.is_(False),
        _r.updated_at >= bindparam("since"),
        _r.updated_at <= bindparam("until"),
    )
    .order_by(_r.updated_at, _r.id)
)
_COMMUNITY = select(_c.id).where(
    _c.platform == bindparam("platform"), _c.chat_id == bindparam("chat")
)
_TITLES = (
    select(activities.c.member_id, activities.c.title)
    .join(community_members, _cm.member_id == activities.c.member_id)
    .where(_cm.community_id == bindparam("community_id"))
)

_OPTED_OUT = select(round_prompt_optouts.c.member_id).where(
    round_prompt_optouts.c.member_id.in_(bindparam("ids", expanding=True))
)
_OPT_IN = round_prompt_optouts.delete().where(
    round_prompt_optouts.c.member_id == bindparam("member_id")
)


def _round(row: Any) -> ReviewRound:
    return ReviewRound(
        id=row.id,
        community_id=row.community_id,
        offering_id=row.offering_id,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        deadline=row.deadline,
        state=RoundState(row.state),
        closed_at=row.closed_at,
        platform=row.platform,
        chat_id=row.chat_id,
    )


class SqlReviewRoundRepository(Repository):
    def community_id(self, platform: str, chat_id: str) -> int | None:
        found = self._db.execute(_COMMUNITY, {"platform": platform, "chat": chat_id}).scalar()
        return int(found) if found is not None else None

    def open(
        self,
        community_id: int,
        offering_id: int,
        opened_by: int,
        now: datetime,
        deadline: datetime,
    ) -> int:
        params = {
            "community_id": community_id,
            "offering_id": offering_id,
            "opened_by": opened_by,
            "opened_at": now,
            "deadline": deadline,
            "state": RoundState.OPEN.value,
            "closed_at": None,
        }
        return int(self._db.execute(_ROUND_INSERT, params).scalar_one())

    def current(self, community_id: int, now: datetime) -> ReviewRound | None:
        params = {"community_id": community_id, "now": now}
        row = self._db.execute(_ROUND_CURRENT, params).first()
        return _round(row) if row else None

    def cut_short(self, round_id: int, now: datetime) -> bool:
        return self._db.execute(_ROUND_CUT_SHORT, {"b_id": round_id, "b_now": now}).rowcount == 1

    def get(self, round_id: int) -> ReviewRound | None:
        row = self._db.execute(_ROUND_GET, {"id": round_id}).first()
        return _round(row) if row else None

    def due(self, now: datetime, limit: int) -> list[ReviewRound]:
        return [_round(row) for row in self._db.execute(_ROUND_DUE, {"now": now, "n": limit})]

    def close(self, round_id: int, now: datetime) -> bool:
        return self._db.execute(_ROUND_CLOSE, {"b_id": round_id, "b_now": now}).rowcount == 1

    def answers(self, rnd: ReviewRound, until: datetime) -> list[Review]:
        params = {
            "community_id": rnd.community_id,
            "offering_id": rnd.offering_id,
            "since": rnd.opened_at,
            "until": until,
        }
        return [review_from_row(row) for row in self._db.execute(_ANSWERS, params)]

    def member_activity_titles(self, community_id: int) -> list[tuple[int, str]]:
        rows = self._db.execute(_TITLES, {"community_id": community_id})
        return [(int(member_id), str(title)) for member_id, title in rows]

    def set_prompts(self, member_id: int, wanted: bool, now: datetime) -> None:
        if wanted:
            self._db.execute(_OPT_IN, {"member_id": member_id})
            return
        insert = upsert(self._dialect, round_prompt_optouts).on_conflict_do_nothing(
            index_elements=[round_prompt_optouts.c.member_id]
        )
        self._db.execute(insert, {"member_id": member_id, "created_at": now})

    def opted_out(self, member_ids: list[int]) -> set[int]:
        if not member_ids:
            return set()
        return {int(i) for i in self._db.execute(_OPTED_OUT, {"ids": member_ids}).scalars()}

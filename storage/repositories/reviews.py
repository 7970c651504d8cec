"""Reviews, flags and the moderation log; review rounds; posts owed to group chats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, update

from bot.domain.catalogue import (
    Distribution,
    ModerationAction,
    ModerationEntry,
    Review,
    ReviewRound,
    RoundState,
)
from storage.models import (
    activities,
    communities,
    community_members,
    group_posts,
    members,
    moderation_log,
    review_flags,
    review_rounds,
    reviews,
    round_prompt_optouts,
)
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.ports import ReviewInput

_r = reviews.c
_m = members.c
_rr = review_rounds.c
_c = communities.c
_cm = community_members.c
_g = group_posts.c
_log = moderation_log.c

_WITH_AUTHOR = select(reviews, _m.display_name.label("author")).join(
    members, _m.id == _r.member_id
)
_GET = _WITH_AUTHOR.where(_r.id == bindparam("id"))
_MINE = _WITH_AUTHOR.where(
    _r.offering_id == bindparam("offering_id"), _r.member_id == bindparam("member_id")
)
_RECENT = (
    _WITH_AUTHOR.where(_r.offering_id == bindparam("offering_id"), _r.hidden.is_(False))
    .order_by(_r.updated_at.desc(), _r.id.desc())
    .limit(bindparam("n"))
)
_DISTRIBUTION = (
    select(_r.rating, func.count())
    .where(_r.offering_id == bindparam("offering_id"), _r.hidden.is_(False))
    .group_by(_r.rating)
)
_COUNT_SINCE = select(func.count()).where(
    _r.member_id == bindparam("member_id"), _r.updated_at >= bindparam("since")
)
_INSERT = reviews.insert().returning(_r.id)
_UPDATE = (
    update(reviews)
    .where(_r.id == bindparam("b_id"))
    .values(
        rating=bindparam("b_rating"),
        text=bindparam("b_text"),
        anonymous=bindparam("b_anonymous"),
        updated_at=bindparam("b_now"),
    )
)
_SET_HIDDEN = (
    update(reviews)
    .where(_r.id == bindparam("b_id"), _r.hidden != bindparam("b_hidden"))
    .values(hidden=bindparam("b_hidden"))
)
_AUDIT = (
    select(moderation_log, _m.display_name.label("moderator"))
    .join(members, _m.id == _log.moderator_id)
    .order_by(_log.created_at.desc(), _log.id.desc())
    .limit(bindparam("n"))
)

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
    _WITH_AUTHOR.join(community_members, _cm.member_id == _r.member_id)
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
_POST_PENDING = (
    select(_g.id, _g.chat_id, _g.payload)
    .where(_g.platform == bindparam("platform"), _g.state == "pending")
    .order_by(_g.id)
    .limit(bindparam("n"))
)
_POST_SENT = (
    update(group_posts)
    .where(_g.id == bindparam("b_id"))
    .values(state="sent", sent_at=bindparam("b_now"))
)


def _review(row: Any) -> Review:
    return Review(
        id=row.id,
        offering_id=row.offering_id,
        member_id=row.member_id,
        rating=row.rating,
        text=row.text,
        anonymous=row.anonymous,
        hidden=row.hidden,
        created_at=row.created_at,
        updated_at=row.updated_at,
        author=row.author,
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


class SqlReviewRepository(Repository):
    def put(self, review: ReviewInput) -> tuple[Review, bool]:
        mine = self.mine(review.offering_id, review.member_id)
        if mine is None:
            self._db.execute(
                _INSERT,
                {
                    "offering_id": review.offering_id,
                    "member_id": review.member_id,
                    "rating": review.rating,
                    "text": review.text or "",
                    "anonymous": bool(review.anonymous),
                    "hidden": False,
                    "created_at": review.now,
                    "updated_at": review.now,
                },
            )
        else:
            self._db.execute(
                _UPDATE,
                {
                    "b_id": mine.id,
                    "b_rating": review.rating,
                    "b_text": mine.text if review.text is None else review.text,
                    "b_anonymous": mine.anonymous
                    if review.anonymous is None
                    else review.anonymous,
                    "b_now": review.now,
                },
            )
        stored = self.mine(review.offering_id, review.member_id)
        assert stored is not None
        return stored, mine is None

    def get(self, review_id: int) -> Review | None:
        row = self._db.execute(_GET, {"id": review_id}).first()
        return _review(row) if row else None

    def mine(self, offering_id: int, member_id: int) -> Review | None:
        params = {"offering_id": offering_id, "member_id": member_id}
        row = self._db.execute(_MINE, params).first()
        return _review(row) if row else None

    def recent(self, offering_id: int, limit: int) -> list[Review]:
        rows = self._db.execute(_RECENT, {"offering_id": offering_id, "n": limit})
        return [_review(row) for row in rows]

    def distribution(self, offering_id: int) -> Distribution:
        counts = [0, 0, 0, 0, 0]
        for rating, n in self._db.execute(_DISTRIBUTION, {"offering_id": offering_id}):
            if 1 <= rating <= 5:
                counts[rating - 1] = int(n)
        return Distribution((counts[0], counts[1], counts[2], counts[3], counts[4]))

    def count_since(self, member_id: int, since: datetime) -> int:
        params = {"member_id": member_id, "since": since}
        return int(self._db.execute(_COUNT_SINCE, params).scalar_one())

    def set_hidden(self, review_id: int, hidden: bool) -> bool:
        return self._db.execute(_SET_HIDDEN, {"b_id": review_id, "b_hidden": hidden}).rowcount == 1

    def flag(self, review_id: int, member_id: int, reason: str, now: datetime) -> None:
        self._db.execute(
            review_flags.insert(),
            {"review_id": review_id, "member_id": member_id, "reason": reason, "created_at": now},
        )

    def log(
        self,
        moderator_id: int,
        action: ModerationAction,
        review_id: int | None,
        detail: str,
        now: datetime,
    ) -> None:
        self._db.execute(
            moderation_log.insert(),
            {
                "moderator_id": moderator_id,
                "action": action.value,
                "review_id": review_id,
                "detail": detail,
                "created_at": now,
            },
        )

    def audit(self, limit: int) -> list[ModerationEntry]:
        return [
            ModerationEntry(
                row.id,
                row.moderator,
                ModerationAction(row.action),
                row.review_id,
                row.detail,
                row.created_at,
            )
            for row in self._db.execute(_AUDIT, {"n": limit})
        ]


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
        return [_review(row) for row in self._db.execute(_ANSWERS, params)]

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


class SqlGroupPostRepository(Repository):
    def enqueue(
        self, key: str, platform: str, chat_id: str, payload: dict[str, Any], now: datetime
    ) -> bool:
        insert = upsert(self._dialect, group_posts).on_conflict_do_nothing(index_elements=[_g.key])
        params = {
            "key": key,
            "platform": platform,
            "chat_id": chat_id,
            "payload": payload,
            "state": "pending",
            "created_at": now,
            "sent_at": None,
        }
        return self._db.execute(insert, params).rowcount == 1

    def pending(self, platform: str, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        rows = self._db.execute(_POST_PENDING, {"platform": platform, "n": limit})
        return [(int(i), str(chat), dict(payload)) for i, chat, payload in rows]

    def mark_sent(self, post_id: int, now: datetime) -> None:
        self._db.execute(_POST_SENT, {"b_id": post_id, "b_now": now})

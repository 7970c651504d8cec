"""Reviews of offerings, reports (flags) and the moderation log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, update

from bot.domain.catalogue import Distribution, ModerationAction, ModerationEntry, Review
from storage.models import communities, members, moderation_log, review_flags, reviews
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.ports import ReviewInput

_r = reviews.c
_m = members.c
_log = moderation_log.c

WITH_AUTHOR = select(reviews, _m.display_name.label("author")).join(members, _m.id == _r.member_id)
_GET = WITH_AUTHOR.where(_r.id == bindparam("id"))
_MINE = WITH_AUTHOR.where(
    _r.offering_id == bindparam("offering_id"), _r.member_id == bindparam("member_id")
)
_RECENT = (
    WITH_AUTHOR.where(_r.offering_id == bindparam("offering_id"), _r.hidden.is_(False))
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
    select(moderation_log, _m.display_name.label("moderator"), communities.c.title)
    .join(members, _m.id == _log.moderator_id)
    .outerjoin(communities, communities.c.id == _log.community_id)
    .order_by(_log.created_at.desc(), _log.id.desc())
    .limit(bindparam("n"))
)
_AUDIT_ONE = _AUDIT.where(_log.community_id == bindparam("community_id"))
_HIDDEN_IN = (
    select(_log.community_id)
    .where(_log.review_id == bindparam("id"), _log.action == ModerationAction.HIDE.value)
    .order_by(_log.created_at.desc(), _log.id.desc())
    .limit(1)
)


def review_from_row(row: Any) -> Review:
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
        return review_from_row(row) if row else None

    def mine(self, offering_id: int, member_id: int) -> Review | None:
        params = {"offering_id": offering_id, "member_id": member_id}
        row = self._db.execute(_MINE, params).first()
        return review_from_row(row) if row else None

    def recent(self, offering_id: int, limit: int) -> list[Review]:
        rows = self._db.execute(_RECENT, {"offering_id": offering_id, "n": limit})
        return [review_from_row(row) for row in rows]

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

    def flag(
        self,
        review_id: int,
        member_id: int,
        reason: str,
        now: datetime,
        community_id: int | None = None,
    ) -> None:
        self._db.execute(
            review_flags.insert(),
            {
                "review_id": review_id,
                "member_id": member_id,
                "reason": reason,
                "created_at": now,
                "community_id": community_id,
            },
        )

    def log(
        self,
        moderator_id: int,
        action: ModerationAction,
        review_id: int | None,
        detail: str,
        now: datetime,
        community_id: int | None = None,
    ) -> None:
        self._db.execute(
            moderation_log.insert(),
            {
                "moderator_id": moderator_id,
                "action": action.value,
                "review_id": review_id,
                "detail": detail,
                "created_at": now,
                "community_id": community_id,
            },
        )

    def hidden_in(self, review_id: int) -> int | None:
        found = self._db.execute(_HIDDEN_IN, {"id": review_id}).scalar()
        return int(found) if found is not None else None

    def audit(self, limit: int, community_id: int | None = None) -> list[ModerationEntry]:
        if community_id is None:
            rows = self._db.execute(_AUDIT, {"n": limit})
        else:
            rows = self._db.execute(_AUDIT_ONE, {"n": limit, "community_id": community_id})
        return [
            ModerationEntry(
                row.id,
                row.moderator,
                ModerationAction(row.action),
                row.review_id,
                row.detail,
                row.created_at,
                row.title or "",
            )
            for row in rows
        ]

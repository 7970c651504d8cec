"""Link codes, the identities of a member, and merging two members into one (/koppel).

The merge follows one rule per table that names a member (`MERGE_RULES`); a test seeds
every such table on both sides and compares, and fails when a table names a member but has
no rule here, as the erasure test does for `privacy.RULES`. Members `survivor` (where the
code was made) and `absorbed` (where it was entered): everything of the absorbed member
moves to the survivor, which keeps its id, name, language and time zone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, delete, func, insert, or_, select, update

from bot.domain.outbox import DeliveryState
from bot.services.ports import LinkCode, LinkedIdentity, MergeResult
from storage.models import (
    activities,
    community_members,
    goals,
    identities,
    introductions,
    link_attempts,
    link_codes,
    members,
    metadata,
    outbox,
    profile_fields,
    profile_photos,
    reminder_settings,
    reminders,
    review_flags,
    reviews,
)
from storage.repositories._base import Repository
from storage.repositories.privacy import RULES, Action, member_columns

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy.engine import Connection

_i = identities.c
# The order private messages try a member's identities in: chosen, used privately last,
# oldest.
REACH_ORDER = (
    _i.preferred.desc(),
    _i.last_private_at.is_(None),
    _i.last_private_at.desc(),
    _i.created_at,
    _i.platform,
    _i.user_id,
)
_REACH = (
    select(_i.platform, _i.user_id).where(_i.member_id == bindparam("m")).order_by(*REACH_ORDER)
)
_IDENTITIES = (
    select(identities).where(_i.member_id == bindparam("m")).order_by(_i.created_at, _i.platform)
)
# Written at most once a minute per identity: a row rewritten for every private message
# cost a fifth of the core's throughput on SQLite; the order of platforms needs no more.
_TOUCH = (
    update(identities)
    .where(
        _i.platform == bindparam("p"),
        _i.user_id == bindparam("u"),
        or_(_i.last_private_at.is_(None), _i.last_private_at < bindparam("since")),
    )
    .values(last_private_at=bindparam("now"))
)
_o = outbox.c
_REDIRECT_BLOCKED = (
    update(outbox)
    .where(
        _o.member_id
        == select(_i.member_id)
        .where(_i.platform == bindparam("p"), _i.user_id == bindparam("u"))
        .scalar_subquery(),
        _o.state == DeliveryState.BLOCKED.value,
        or_(_o.platform != bindparam("p"), _o.user_id != bindparam("u")),
    )
    .values(
        # A group note belongs to the platform the message was blocked on.
        notice_chat_id=case((_o.platform == bindparam("p"), _o.notice_chat_id), else_=None),
        platform=bindparam("p"),
        user_id=bindparam("u"),
    )
)

# Tables that are bookkeeping, not the member's own data: a member with rows only here has
# nothing to lose in a merge, so linking needs no confirmation.
BOOKKEEPING = frozenset(
    {
        "members",
        "identities",
        "link_codes",
        "link_attempts",
        "outbox",
        "pending_flows",
        "drafts",
        "undo_journal",
        "search_terms",
        "community_members",
    }
)


class _Merge:
    """One merge, in the caller's transaction."""

    def __init__(self, db: Connection, survivor: int, absorbed: int) -> None:
        self.db, self.s, self.d = db, survivor, absorbed
        self.result = MergeResult()

    def moved(self, table: str, n: int) -> None:
        if n:
            self.result.moved[table] = self.result.moved.get(table, 0) + n

    def dropped(self, table: str, n: int) -> None:
        if n:
            self.result.dropped[table] = self.result.dropped.get(table, 0) + n

    def reassign(self, table: str, column: str = "member_id") -> None:
        t = metadata.tables[table]
        n = self.db.execute(
            update(t).where(t.c[column] == self.d).values({column: self.s})
        ).rowcount
        self.moved(table, n)

    def drop_rest(self, table: str) -> None:
        t = metadata.tables[table]
        self.dropped(table, self.db.execute(delete(t).where(t.c.member_id == self.d)).rowcount)

    def one_per_member(self, table: str) -> None:
        """A table with one row per member: the survivor's stays; the absorbed member's
        moves only when the survivor has none."""
        t = metadata.tables[table]
        has = self.db.execute(select(func.count()).where(t.c.member_id == self.s)).scalar_one()
        if not has:
            self.reassign(table)
        self.drop_rest(table)

    # --- the rules ----------------------------------------------------------------------

    def members_(self) -> None:
        """The survivor keeps its settings; a holiday region only the absorbed member set
        is taken over. The absorbed member's row goes last (see `run`)."""
        m = members.c
        region = self.db.execute(
            select(m.holiday_region).where(m.id == self.d)
        ).scalar_one_or_none()
        if region is not None:
            self.db.execute(
                update(members)
                .where(m.id == self.s, m.holiday_region.is_(None))
                .values(holiday_region=region)
            )

    def goals_(self) -> None:
        """Goals get the survivor's next numbers, in their order; activities follow their
        goal to its new number (see activities_)."""
        self.goal_numbers = self._renumber(goals, "next_goal_number")

    def activities_(self) -> None:
        """Activities get the survivor's next numbers; their reflections (by activity id)
        come along untouched; a goal number follows the goal, and a number of a goal that
        no longer exists is cleared rather than pointing at one of the survivor's goals."""
        self._renumber(activities, "next_activity_number", goal_numbers=self.goal_numbers)

    def _renumber(
        self, table: Any, counter: str, goal_numbers: dict[int, int] | None = None
    ) -> dict[int, int]:
        extra = [table.c.goal_number] if goal_numbers is not None else []
        rows = self.db.execute(
            select(table.c.id, table.c.number, *extra)
            .where(table.c.member_id == self.d)
            .order_by(table.c.number)
        ).all()
        if not rows:
            return {}
        column = members.c[counter]
        first = int(self.db.execute(select(column).where(members.c.id == self.s)).scalar_one())
        mapping = {int(row.number): first + index for index, row in enumerate(rows)}
        values: dict[str, Any] = {"member_id": self.s, "number": bindparam("b_number")}
        params: list[dict[str, Any]] = []
        for row in rows:
            param: dict[str, Any] = {"b_id": row.id, "b_number": mapping[int(row.number)]}
            if goal_numbers is not None:
                param["b_goal"] = (
                    None if row.goal_number is None else goal_numbers.get(int(row.goal_number))
                )
            params.append(param)
        if goal_numbers is not None:
            values["goal_number"] = bindparam("b_goal")
        self.db.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(values), params
        )
        self.db.execute(
            update(members).where(members.c.id == self.s).values({counter: first + len(rows)})
        )
        self.moved(table.name, len(rows))
        return mapping

    def reflections_(self) -> None:
        """Rows of the absorbed member's activities: they follow their activity."""

    def reminders_(self) -> None:
        """Reminders get numbers after the survivor's highest."""
        r = reminders.c
        rows = self.db.execute(select(r.id).where(r.member_id == self.d).order_by(r.number)).all()
        if not rows:
            return
        top = self.db.execute(select(func.max(r.number)).where(r.member_id == self.s)).scalar()
        first = int(top or 0) + 1
        self.db.execute(
            update(reminders)
            .where(r.id == bindparam("b_id"))
            .values(member_id=self.s, number=bindparam("b_number")),
            [{"b_id": row.id, "b_number": first + n} for n, row in enumerate(rows)],
        )
        self.moved("reminders", len(rows))

    def reminder_settings_(self) -> None:
        """Combined: quiet hours of the survivor (else the absorbed member's), the later
        holiday pause, and the nudges either asked for."""
        s = reminder_settings.c
        mine = self.db.execute(select(reminder_settings).where(s.member_id == self.s)).first()
        theirs = self.db.execute(select(reminder_settings).where(s.member_id == self.d)).first()
        if theirs is None:
            return
        if mine is None:
            self.reassign("reminder_settings")
            return
        quiet = (
            (mine.quiet_start, mine.quiet_end)
            if mine.quiet_start is not None
            else (theirs.quiet_start, theirs.quiet_end)
        )
        pauses = [p for p in (mine.paused_until, theirs.paused_until) if p is not None]
        nudges = sorted(
            {n for value in (mine.nudges, theirs.nudges) if value for n in value.split(",") if n}
        )
        self.db.execute(
            update(reminder_settings)
            .where(s.member_id == self.s)
            .values(
                quiet_start=quiet[0],
                quiet_end=quiet[1],
                paused_until=max(pauses) if pauses else None,
                nudges=",".join(nudges) or None,
            )
        )
        self.moved("reminder_settings", 1)  # combined into the survivor's row
        self.db.execute(delete(reminder_settings).where(s.member_id == self.d))

    def community_members_(self) -> None:
        """A group both were in: one membership, moderator if either was, joined at the
        earlier time."""
        c = community_members.c
        theirs = self.db.execute(select(community_members).where(c.member_id == self.d)).all()
        mine = {
            row.community_id: row
            for row in self.db.execute(select(community_members).where(c.member_id == self.s))
        }
        for row in theirs:
            where = and_(c.community_id == row.community_id)
            if row.community_id in mine:
                other = mine[row.community_id]
                self.db.execute(
                    update(community_members)
                    .where(where, c.member_id == self.s)
                    .values(
                        is_moderator=bool(other.is_moderator or row.is_moderator),
                        joined_at=min(other.joined_at, row.joined_at),
                    )
                )
                self.db.execute(delete(community_members).where(where, c.member_id == self.d))
                self.moved("community_members", 1)  # combined
            else:
                self.db.execute(
                    update(community_members)
                    .where(where, c.member_id == self.d)
                    .values(member_id=self.s)
                )
                self.moved("community_members", 1)

    def reviews_(self) -> None:
        """One review per offering survives: the newer (on a tie, the survivor's). Reports
        about the dropped one go with it: the text they were about no longer exists. The
        moderation log keeps its entries."""
        r = reviews.c
        theirs = self.db.execute(select(reviews).where(r.member_id == self.d)).all()
        mine = {
            row.offering_id: row
            for row in self.db.execute(select(reviews).where(r.member_id == self.s))
        }
        for row in theirs:
            other = mine.get(row.offering_id)
            if other is None:
                self.db.execute(update(reviews).where(r.id == row.id).values(member_id=self.s))
                self.moved("reviews", 1)
                continue
            self.result.offerings.append(int(row.offering_id))
            if row.updated_at > other.updated_at:
                self.db.execute(delete(reviews).where(r.id == other.id))
                self.db.execute(update(reviews).where(r.id == row.id).values(member_id=self.s))
                self.moved("reviews", 1)
            else:
                self.db.execute(delete(reviews).where(r.id == row.id))
            self.dropped("reviews", 1)

    def review_flags_(self) -> None:
        """Reports the absorbed member made: one per review, so a review both reported
        keeps the survivor's report."""
        f = review_flags.c
        both = select(f.review_id).where(f.member_id == self.s)
        self.dropped(
            "review_flags",
            self.db.execute(
                delete(review_flags).where(f.member_id == self.d, f.review_id.in_(both))
            ).rowcount,
        )
        self.reassign("review_flags")

    def offering_suggestions_(self) -> None:
        self.reassign("offering_suggestions")
        self.reassign("offering_suggestions", "decided_by")

    def round_prompt_optouts_(self) -> None:
        """Opted out if either was."""
        self.one_per_member("round_prompt_optouts")

    def profile_fields_(self) -> None:
        """Per field: a filled value wins over an empty one; two different values keep
        the newer, and the field is reported so that the member is told."""
        p = profile_fields.c
        mine = {
            row.field: row
            for row in self.db.execute(select(profile_fields).where(p.member_id == self.s))
        }
        for row in self.db.execute(select(profile_fields).where(p.member_id == self.d)).all():
            other = mine.get(row.field)
            take = other is None or (
                row.value is not None
                and (
                    other.value is None
                    or (other.value != row.value and row.updated_at > other.updated_at)
                )
            )
            if other is not None and other.value and row.value and other.value != row.value:
                self.result.profile_conflicts.append(str(row.field))
            if take:
                self.db.execute(
                    delete(profile_fields).where(p.member_id == self.s, p.field == row.field)
                )
                self.db.execute(
                    update(profile_fields)
                    .where(p.member_id == self.d, p.field == row.field)
                    .values(member_id=self.s)
                )
                self.moved("profile_fields", 1)
        self.drop_rest("profile_fields")

    def profile_photos_(self) -> None:
        """One photo per member: the newer one stays (as for two filled profile fields)."""
        t = profile_photos.c
        times = dict(
            self.db.execute(
                select(t.member_id, t.updated_at).where(t.member_id.in_((self.s, self.d)))
            ).all()
        )
        if self.d in times and (self.s not in times or times[self.d] > times[self.s]):
            self.dropped(
                "profile_photos",
                self.db.execute(delete(profile_photos).where(t.member_id == self.s)).rowcount,
            )
            self.reassign("profile_photos")
        self.drop_rest("profile_photos")

    def introductions_(self) -> None:
        """Requests move to the survivor, both ways; one between the two accounts is moot
        (they are one person now) and goes."""
        t = introductions.c
        pair = (self.s, self.d)
        self.dropped(
            "introductions",
            self.db.execute(
                delete(introductions).where(t.asker_id.in_(pair), t.target_id.in_(pair))
            ).rowcount,
        )
        self.reassign("introductions", "asker_id")
        self.reassign("introductions", "target_id")

    def search_reindex_(self) -> None:
        """A mark to rebuild: the service reindexes the survivor anyway."""
        self.one_per_member("search_reindex")

    def search_terms_(self) -> None:
        """Dropped: the service reindexes the survivor from the merged data."""
        self.drop_rest("search_terms")

    def undo_journal_(self) -> None:
        """The absorbed member's last change is dropped: its numbers changed, so undoing
        it could touch the wrong item. The survivor's stays."""
        self.drop_rest("undo_journal")

    def pending_flows_(self) -> None:
        """An open question moves when the survivor has none (else it is dropped; it would
        expire within the half hour anyway)."""
        self.one_per_member("pending_flows")

    def link_codes_(self) -> None:
        """The absorbed member's codes stop working."""
        self.drop_rest("link_codes")

    def run(self) -> MergeResult:
        for name in MERGE_ORDER:
            MERGE_RULES[name](self)
        # Nothing may be left to the cascade of deleting the member: it would be lost.
        for table in metadata.sorted_tables:
            if table.name == "members" or RULES[table.name].action is Action.KEEP:
                continue
            for column in member_columns(table):
                left = self.db.execute(select(func.count()).where(column == self.d)).scalar_one()
                if left:
                    raise AssertionError(f"merge left {left} rows in {table.name}")
        self.db.execute(delete(members).where(members.c.id == self.d))
        return self.result


def _plain(table: str, column: str = "member_id") -> Callable[[_Merge], None]:
    return lambda merge: merge.reassign(table, column)


# One rule per table that names a member (privacy.RULES without KEEP); tests compare.
MERGE_RULES: dict[str, Callable[[_Merge], None]] = {
    "members": _Merge.members_,
    "identities": _plain("identities"),
    "goals": _Merge.goals_,
    "activities": _Merge.activities_,
    "reflections": _Merge.reflections_,
    "pending_flows": _Merge.pending_flows_,
    "drafts": _plain("drafts"),
    "undo_journal": _Merge.undo_journal_,
    "outbox": _plain("outbox"),  # each row still goes to the identity it was made for
    "reminders": _Merge.reminders_,
    "reminder_settings": _Merge.reminder_settings_,
    "community_members": _Merge.community_members_,
    "reviews": _Merge.reviews_,
    "review_flags": _Merge.review_flags_,
    "moderation_log": _plain("moderation_log", "moderator_id"),
    "review_rounds": _plain("review_rounds", "opened_by"),
    "offering_suggestions": _Merge.offering_suggestions_,
    "round_prompt_optouts": _Merge.round_prompt_optouts_,
    "profile_fields": _Merge.profile_fields_,
    "profile_photos": _Merge.profile_photos_,
    "introductions": _Merge.introductions_,
    "search_terms": _Merge.search_terms_,
    "search_reindex": _Merge.search_reindex_,
    "link_codes": _Merge.link_codes_,
    "link_attempts": _plain("link_attempts"),  # the limit on guessing follows the person
}
# Goals before activities (activities follow their goal's new number); reviews before
# reports (a report about a dropped review goes with it).
MERGE_ORDER = tuple(MERGE_RULES)


class SqlLinkRepository(Repository):
    def add_code(
        self,
        member_id: int,
        platform: str,
        user_id: str,
        code_hash: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        c = link_codes.c
        self._db.execute(
            update(link_codes)
            .where(c.platform == platform, c.user_id == user_id, c.used_at.is_(None))
            .values(used_at=now)
        )
        self._db.execute(
            insert(link_codes).values(
                code_hash=code_hash,
                member_id=member_id,
                platform=platform,
                user_id=user_id,
                created_at=now,
                expires_at=expires_at,
                used_at=None,
            )
        )

    def find_code(self, code_hash: str) -> LinkCode | None:
        row = self._db.execute(
            select(link_codes).where(link_codes.c.code_hash == code_hash)
        ).first()
        if row is None:
            return None
        return LinkCode(
            row.id, row.member_id, row.platform, row.user_id, row.expires_at, row.used_at
        )

    def use_code(self, code_id: int, now: datetime) -> bool:
        c = link_codes.c
        done = self._db.execute(
            update(link_codes).where(c.id == code_id, c.used_at.is_(None)).values(used_at=now)
        )
        return done.rowcount == 1

    def failed_attempts(self, member_id: int, since: datetime) -> list[datetime]:
        a = link_attempts.c
        rows = self._db.execute(
            select(a.attempted_at)
            .where(a.member_id == member_id, a.attempted_at >= since)
            .order_by(a.attempted_at)
        )
        return [row[0] for row in rows]

    def record_attempt(self, member_id: int, now: datetime) -> None:
        self._db.execute(insert(link_attempts).values(member_id=member_id, attempted_at=now))

    def identities(self, member_id: int) -> list[LinkedIdentity]:
        return [
            LinkedIdentity(
                row.platform, row.user_id, row.created_at, row.last_private_at, row.preferred
            )
            for row in self._db.execute(_IDENTITIES, {"m": member_id})
        ]

    def reach(self, member_id: int) -> list[tuple[str, str]]:
        return [(row.platform, row.user_id) for row in self._db.execute(_REACH, {"m": member_id})]

    def touch_private(self, platform: str, user_id: str, now: datetime) -> None:
        """Also: messages blocked on the member's other identities (their private chat
        could not be reached there) come here, still blocked, for the router to unblock."""
        since = now - timedelta(minutes=1)
        params = {"p": platform, "u": user_id, "now": now, "since": since}
        if self._db.execute(_TOUCH, params).rowcount:
            self._db.execute(_REDIRECT_BLOCKED, params)

    def set_preferred(self, member_id: int, platform: str | None, user_id: str | None) -> None:
        self._db.execute(
            update(identities).where(_i.member_id == member_id).values(preferred=False)
        )
        if platform is not None and user_id is not None:
            self._db.execute(
                update(identities)
                .where(_i.member_id == member_id, _i.platform == platform, _i.user_id == user_id)
                .values(preferred=True)
            )

    def merge(self, survivor: int, absorbed: int) -> MergeResult:
        if survivor == absorbed:
            raise ValueError("a member cannot be merged into itself")
        return _Merge(self._db, survivor, absorbed).run()

    def split(self, platform: str, user_id: str, now: datetime) -> int:
        """Messages still owed to the portfolio on the identity that leaves go to where
        the portfolio is reached now (blocked ones are tried again there)."""
        m = members.c
        old = self._db.execute(
            select(m.id, m.display_name, m.language, m.timezone)
            .join(identities, _i.member_id == m.id)
            .where(_i.platform == platform, _i.user_id == user_id)
        ).one()
        new_id: int = self._db.execute(
            members.insert().returning(m.id),
            {
                "display_name": old.display_name,
                "language": old.language,
                "timezone": old.timezone,
                "created_at": now,
            },
        ).scalar_one()
        self._db.execute(
            update(identities)
            .where(_i.platform == platform, _i.user_id == user_id)
            .values(member_id=new_id, preferred=False)
        )
        reach = self.reach(old.id)
        if reach:
            there, there_user = reach[0]
            o = outbox.c
            values: dict[str, Any] = {
                "platform": there,
                "user_id": there_user,
                "state": DeliveryState.PENDING.value,
                "leased_until": None,
            }
            if there != platform:
                values["notice_chat_id"] = None  # a group on the other platform
            self._db.execute(
                update(outbox)
                .where(
                    o.member_id == old.id,
                    o.platform == platform,
                    o.user_id == user_id,
                    o.state != DeliveryState.SENT.value,
                )
                .values(values)
            )
        return new_id

    def has_data(self, member_id: int) -> dict[str, int]:
        from storage.repositories.privacy import SqlPortabilityRepository

        counts = SqlPortabilityRepository(self._db).counts(member_id)
        return {name: n for name, n in counts.items() if name not in BOOKKEEPING}

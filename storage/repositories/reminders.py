"""Reminders and reminder settings (bot.domain.reminders); the dispatcher's batched claim."""

from __future__ import annotations

from datetime import time
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, select, update

from bot.domain.reminders import (
    DueReminder,
    Nudge,
    NudgeTarget,
    QuietHours,
    Reminder,
    ReminderKind,
    ReminderSettings,
    ReminderState,
    Schedule,
    ScheduleKind,
)
from storage.models import identities, members, reminder_settings, reminders
from storage.repositories._base import Repository, upsert
from storage.repositories.linking import REACH_ORDER

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Select
    from sqlalchemy.sql.dml import Insert

_r = reminders.c
_s = reminder_settings.c
_KEY = (_r.member_id == bindparam("key_member"), _r.number == bindparam("key_number"))
_ACTIVE = ReminderState.ACTIVE.value
_DONE = ReminderState.DONE.value

_NEXT_NUMBER = select(func.coalesce(func.max(_r.number), 0) + 1).where(
    _r.member_id == bindparam("member")
)
_INSERT = reminders.insert().returning(_r.id)
_GET = select(reminders).where(*_KEY)
_BY_ID = select(reminders).where(_r.id == bindparam("id"))
_LIST = (
    select(reminders)
    .where(_r.member_id == bindparam("member"), _r.state != _DONE)
    .order_by(_r.number)
)
_SAVE = (
    update(reminders)
    .where(_r.id == bindparam("b_id"))
    .values(
        text=bindparam("b_text"),
        schedule_kind=bindparam("b_kind"),
        rule=bindparam("b_rule"),
        timezone=bindparam("b_timezone"),
        next_fire_at=bindparam("b_next"),
        state=bindparam("b_state"),
    )
)
_DELETE = delete(reminders).where(*_KEY)
_ADVANCE = (
    update(reminders)
    .where(_r.id == bindparam("b_id"))
    .values(next_fire_at=bindparam("b_next"), state=bindparam("b_state"))
)
_SETTINGS = select(reminder_settings).where(_s.member_id == bindparam("member"))
_NUDGE_TARGETS = (
    select(reminder_settings, members.c.language, members.c.timezone)
    .join(members, members.c.id == _s.member_id)
    .where(_s.nudges.is_not(None))
    .order_by(_s.member_id)
)
_IDENTITIES = (
    select(identities.c.member_id, identities.c.platform, identities.c.user_id)
    .where(identities.c.member_id.in_(bindparam("members", expanding=True)))
    .order_by(*REACH_ORDER)
)


@cache
def _due(dialect: str) -> Select[Any]:
    query = (
        select(
            reminders,
            members.c.language.label("m_language"),
            _s.quiet_start.label("s_quiet_start"),
            _s.quiet_end.label("s_quiet_end"),
            _s.paused_until.label("s_paused_until"),
            _s.nudges.label("s_nudges"),
            (_s.member_id.is_not(None)).label("s_present"),
        )
        .join(members, members.c.id == _r.member_id)
        .outerjoin(reminder_settings, _s.member_id == _r.member_id)
        .where(_r.state == _ACTIVE, _r.next_fire_at <= bindparam("now"))
        # Only the indexed column: with a tie-breaker, 100,000 reminders due at the same
        # second would be sorted in full for every batch.
        .order_by(_r.next_fire_at)
        .limit(bindparam("limit"))
    )
    # A second dispatcher skips the rows this one holds. SQLite has one writer at a time.
    if dialect == "postgresql":
        return query.with_for_update(skip_locked=True, of=reminders)
    return query


@cache
def _save_settings(dialect: str) -> Insert:
    statement = upsert(dialect, reminder_settings)
    return statement.on_conflict_do_update(
        index_elements=[_s.member_id],
        set_={
            "quiet_start": statement.excluded.quiet_start,
            "quiet_end": statement.excluded.quiet_end,
            "paused_until": statement.excluded.paused_until,
            "nudges": statement.excluded.nudges,
        },
    )


# Plain dict look-ups: calling an Enum class costs more than the rest of the mapping, and
# a burst maps 100,000 rows.
_SCHEDULE_KINDS = {kind.value: kind for kind in ScheduleKind}
_STATES = {state.value: state for state in ReminderState}
_KINDS = {kind.value: kind for kind in ReminderKind}


def _reminder(row: Any) -> Reminder:
    return Reminder(
        id=row.id,
        member_id=row.member_id,
        number=row.number,
        text=row.text,
        schedule=Schedule(_SCHEDULE_KINDS[row.schedule_kind], row.rule, row.timezone),
        next_fire_at=row.next_fire_at,
        created_at=row.created_at,
        state=_STATES[row.state],
        kind=_KINDS[row.kind],
    )


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _settings(
    member_id: int, present: bool, start: Any, end: Any, paused: Any, nudges: Any
) -> ReminderSettings:
    if not present:
        return ReminderSettings(member_id)
    quiet = (
        QuietHours(time.fromisoformat(start), time.fromisoformat(end))
        if start is not None and end is not None
        else None
    )
    return ReminderSettings(member_id, quiet, paused, _nudges(nudges))


def _nudges(stored: str | None) -> frozenset[Nudge]:
    known = {nudge.value: nudge for nudge in Nudge}
    return frozenset(known[name] for name in (stored or "").split(",") if name in known)


class SqlReminderRepository(Repository):
    def add(self, reminder: Reminder) -> Reminder:
        number = self._db.execute(_NEXT_NUMBER, {"member": reminder.member_id}).scalar_one()
        params = {
            "member_id": reminder.member_id,
            "number": number,
            "text": reminder.text,
            "schedule_kind": reminder.schedule.kind.value,
            "rule": reminder.schedule.rule,
            "timezone": reminder.schedule.timezone,
            "next_fire_at": reminder.next_fire_at,
            "state": reminder.state.value,
            "kind": reminder.kind.value,
            "created_at": reminder.created_at,
        }
        new_id = self._db.execute(_INSERT, params).scalar_one()
        return Reminder(**{**reminder.__dict__, "id": new_id, "number": number})

    def get(self, member_id: int, number: int) -> Reminder | None:
        row = self._db.execute(_GET, {"key_member": member_id, "key_number": number}).first()
        return _reminder(row) if row else None

    def by_id(self, reminder_id: int) -> Reminder | None:
        row = self._db.execute(_BY_ID, {"id": reminder_id}).first()
        return _reminder(row) if row else None

    def of_member(self, member_id: int) -> list[Reminder]:
        return [_reminder(row) for row in self._db.execute(_LIST, {"member": member_id})]

    def save(self, reminder: Reminder) -> None:
        self._db.execute(
            _SAVE,
            {
                "b_id": reminder.id,
                "b_text": reminder.text,
                "b_kind": reminder.schedule.kind.value,
                "b_rule": reminder.schedule.rule,
                "b_timezone": reminder.schedule.timezone,
                "b_next": reminder.next_fire_at,
                "b_state": reminder.state.value,
            },
        )

    def delete(self, member_id: int, number: int) -> bool:
        params = {"key_member": member_id, "key_number": number}
        return self._db.execute(_DELETE, params).rowcount == 1

    def claim_due(self, now: datetime, limit: int) -> list[DueReminder]:
        rows = self._db.execute(_due(self._dialect), {"now": now, "limit": limit}).all()
        if not rows:
            return []
        owners = sorted({row.member_id for row in rows})
        found: dict[int, list[tuple[str, str]]] = {}
        for member_id, platform, user_id in self._db.execute(_IDENTITIES, {"members": owners}):
            found.setdefault(member_id, []).append((platform, user_id))
        return [
            DueReminder(
                _reminder(row),
                row.m_language,
                _settings(
                    row.member_id,
                    bool(row.s_present),
                    row.s_quiet_start,
                    row.s_quiet_end,
                    row.s_paused_until,
                    row.s_nudges,
                ),
                tuple(found.get(row.member_id, ())),
            )
            for row in rows
        ]

    def advance(self, changes: list[tuple[int, datetime | None, ReminderState]]) -> None:
        if changes:
            self._db.execute(
                _ADVANCE,
                [
                    {"b_id": rid, "b_next": at, "b_state": state.value}
                    for rid, at, state in changes
                ],
            )

    def settings(self, member_id: int) -> ReminderSettings:
        row = self._db.execute(_SETTINGS, {"member": member_id}).first()
        if row is None:
            return ReminderSettings(member_id)
        return _settings(
            member_id, True, row.quiet_start, row.quiet_end, row.paused_until, row.nudges
        )

    def save_settings(self, settings: ReminderSettings) -> None:
        quiet = settings.quiet
        self._db.execute(
            _save_settings(self._dialect),
            {
                "member_id": settings.member_id,
                "quiet_start": _hhmm(quiet.start) if quiet else None,
                "quiet_end": _hhmm(quiet.end) if quiet else None,
                "paused_until": settings.paused_until,
                "nudges": ",".join(sorted(settings.nudges)) or None,
            },
        )

    def nudge_targets(self) -> list[NudgeTarget]:
        rows = self._db.execute(_NUDGE_TARGETS).all()
        if not rows:
            return []
        found: dict[int, list[tuple[str, str]]] = {}
        owners = [row.member_id for row in rows]
        for member_id, platform, user_id in self._db.execute(_IDENTITIES, {"members": owners}):
            found.setdefault(member_id, []).append((platform, user_id))
        return [
            NudgeTarget(
                row.member_id,
                row.language,
                row.timezone,
                _settings(
                    row.member_id,
                    True,
                    row.quiet_start,
                    row.quiet_end,
                    row.paused_until,
                    row.nudges,
                ),
                tuple(found.get(row.member_id, ())),
            )
            for row in rows
        ]

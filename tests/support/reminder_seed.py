"""Many reminders at once, for the crash, two-process and benchmark runs: bulk inserts
below the port (one executemany per table), since adding them one by one is not the point."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from bot.domain.reminders import ReminderState, ScheduleKind
from bot.services.ports import NewMember, Store, UnitOfWork
from storage.models import reminders

DAILY_RULE = "0|8|*|*|*"
ZONE = "Europe/Amsterdam"


def _connection(uow: UnitOfWork) -> Connection:
    connection: Connection = uow.reminders._db  # type: ignore[attr-defined]
    return connection


async def seed(
    store: Store,
    count: int,
    due_at: datetime,
    *,
    members: int = 100,
    chunk: int = 5000,
    step: timedelta = timedelta(0),
) -> list[int]:
    """`count` reminders of `members` members on platform "test", due at `due_at` (the
    n-th at `due_at + n * step`): even ones one-off, odd ones daily at 08:00. The member
    ids."""

    def make_members(uow: UnitOfWork) -> list[int]:
        new = NewMember("Leraar", "nl", ZONE, due_at)
        return [
            uow.members.create_with_identity("test", f"user{n}", new).id for n in range(members)
        ]

    member_ids = await store.run(make_members)
    for start in range(0, count, chunk):
        rows: list[dict[str, Any]] = []
        for n in range(start, min(start + chunk, count)):
            one_off = n % 2 == 0
            at = due_at + step * n
            rows.append(
                {
                    "member_id": member_ids[n % members],
                    "number": n // members + 1,
                    "text": f"herinnering {n}",
                    "schedule_kind": (ScheduleKind.ONCE if one_off else ScheduleKind.CRON).value,
                    "rule": at.isoformat() if one_off else DAILY_RULE,
                    "timezone": ZONE,
                    "next_fire_at": at,
                    "state": ReminderState.ACTIVE.value,
                    "kind": "user",
                    "created_at": due_at,
                }
            )
        await store.run(lambda uow, rows=rows: _connection(uow).execute(reminders.insert(), rows))
    return member_ids


def outbox_keys(uow: UnitOfWork) -> list[str]:
    result = _connection(uow).exec_driver_sql("SELECT key FROM outbox")
    return [row[0] for row in result]


def reminder_rows(uow: UnitOfWork) -> list[tuple[int, str, str, datetime | None]]:
    """(id, schedule kind, state, next fire time) of every reminder."""
    result = _connection(uow).execute(
        reminders.select().with_only_columns(
            reminders.c.id, reminders.c.schedule_kind, reminders.c.state, reminders.c.next_fire_at
        )
    )
    return [(row[0], row[1], row[2], row[3]) for row in result]

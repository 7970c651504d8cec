"""An upgrade loses nothing and doubles nothing. Version N stops with reminders due: some
already queued, one of them in the middle of being sent (its lease still held), one sent
before the stop, others not yet queued at all. The store is at N's schema. The new
version starts: it migrates, then every owed reminder reaches its teacher exactly once,
and a second restart sends nothing again. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.domain.reminders import ReminderState, ScheduleKind
from storage import open_store, upgrade_schema
from storage.migrate import head_revision
from storage.models import outbox, reminders
from storage.ops import schema_status
from tests.conftest import create_pg_database, drop_pg_database
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.ops.running import bot_env, bot_process, stop
from tests.ops.stores import core_for, migrate, says

OLD_REVISION = "0003"  # version N's schema
ZONE = "Europe/Amsterdam"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path, pg_admin_url: str) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portfolio.db'}"
        return
    made = create_pg_database(pg_admin_url, prefix="ops_upgrade")
    try:
        yield made
    finally:
        drop_pg_database(pg_admin_url, made)


def reminder_row(member_id: int, number: int, text: str, at: datetime) -> dict[str, object]:
    return {
        "member_id": member_id,
        "number": number,
        "text": text,
        "schedule_kind": ScheduleKind.ONCE.value,
        "rule": at.isoformat(),
        "timezone": ZONE,
        "next_fire_at": at,
        "state": ReminderState.ACTIVE.value,
        "kind": "user",
        "created_at": at - timedelta(days=1),
    }


async def version_n_stops(url: str, users: list[int], data: Path) -> None:
    """What version N left behind (played by this code, then the schema taken back)."""
    await upgrade_schema(url)
    store = await open_store(url)
    core = core_for(store, data)
    now = datetime.now(UTC)
    ids = []
    for user in users:  # each teacher has opened the private chat; no quiet hours
        await core.router.handle(says(user, "/start", platform="telegram"))
        await core.router.handle(says(user, "/rusttijd uit", platform="telegram"))
        member = await store.run(lambda uow, u=user: uow.members.by_identity("telegram", str(u)))
        ids.append(member.id)

    def connection(uow: object) -> object:
        return uow.reminders._db  # type: ignore[attr-defined]

    async def add(rows: list[dict[str, object]]) -> None:
        await store.run(lambda uow: connection(uow).execute(reminders.insert(), rows))

    # Fired by version N: queued in the outbox before the stop.
    await add(
        [
            reminder_row(ids[0], 1, "queued-a", now - timedelta(minutes=20)),
            reminder_row(ids[1], 1, "inflight-b", now - timedelta(minutes=15)),
            reminder_row(ids[1], 2, "sent-b", now - timedelta(minutes=10)),
        ]
    )
    await core.reminders.dispatch_due()

    def mid_send(uow: object) -> None:
        db = connection(uow)
        rows = db.execute(outbox.select()).mappings().all()
        assert len(rows) == 3
        for row in rows:
            if "inflight-b" in str(row["payload"]):  # claimed, the send under way
                db.execute(
                    update(outbox)
                    .where(outbox.c.id == row["id"])
                    .values(leased_until=now + timedelta(seconds=3), attempts=1)
                )
            if "sent-b" in str(row["payload"]):  # delivered before the stop
                db.execute(
                    update(outbox)
                    .where(outbox.c.id == row["id"])
                    .values(state="sent", sent_at=now)
                )

    await store.run(mid_send)
    # Due but not yet fired when version N stopped.
    await add(
        [
            reminder_row(ids[0], 2, "due-a", now - timedelta(minutes=5)),
            reminder_row(ids[1], 3, "due-b", now - timedelta(minutes=1)),
        ]
    )
    await store.close()
    await migrate(url, OLD_REVISION, down=True)


async def test_an_upgrade_delivers_every_owed_reminder_once(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
    url: str,
) -> None:
    anna = telegram_api.create_user("Anna")
    bram = telegram_api.create_user("Bram")
    await version_n_stops(url, [anna.id, bram.id], tmp_path / "data")
    store = await open_store(url, upgrade=False)
    try:
        assert (await store.inspect(schema_status)).current == OLD_REVISION
    finally:
        await store.close()

    def delivered() -> Counter[str]:
        texts = [m.plain_text or "" for who in (anna, bram) for m in telegram_api.sent(who)]
        return Counter(
            tag
            for text in texts
            for tag in ("queued-a", "inflight-b", "sent-b", "due-a", "due-b")
            if tag in text
        )

    owed = {"queued-a": 1, "inflight-b": 1, "due-a": 1, "due-b": 1}
    env = bot_env(tmp_path, telegram_api)
    async with bot_process(env, tmp_path, "--db", url) as bot:
        try:
            await telegram_api.wait_until(
                lambda: delivered() == owed, timeout=30, what="every owed reminder"
            )
        except AssertionError:
            raise AssertionError(f"{delivered()} != {owed}; {await stop(bot)}") from None
        await asyncio.sleep(2)  # a second look at the outbox must not send anything again
        stderr = await stop(bot)
    assert bot.returncode == 0, stderr
    assert delivered() == owed

    async with bot_process(env, tmp_path, "--db", url) as bot:  # and once more
        await telegram_api.wait_until(
            lambda: telegram_api.call_count("setMyCommands") >= 8, timeout=30, what="restart"
        )
        await asyncio.sleep(2.5)
        stderr = await stop(bot)
    assert bot.returncode == 0, stderr
    assert delivered() == owed
    store = await open_store(url, upgrade=False)
    try:
        assert (await store.inspect(schema_status)).current == head_revision()
    finally:
        await store.close()


def test_the_old_revision_is_older_than_head() -> None:
    assert head_revision() > OLD_REVISION  # otherwise the test above upgrades nothing

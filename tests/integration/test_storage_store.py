"""Store semantics: one transaction per unit of work, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.members import Member
from bot.services.ports import Store, UnitOfWork
from storage import AsyncSqlStore, SqliteStore, open_store
from tests.integration.storage_builders import NOW, add_activity, add_goal, new_member, sql_scalar


class Boom(Exception):
    pass


async def test_run_returns_what_the_work_returns(store: Store) -> None:
    assert await store.run(lambda uow: 42) == 42


async def test_work_that_raises_leaves_nothing_behind(store: Store, member: Member) -> None:
    def half_done(uow: UnitOfWork) -> None:
        uow.inbox.claim("telegram", "m1", NOW)
        add_activity(uow, member.id)
        add_goal(uow, member.id)
        uow.members.create_with_identity("telegram", "other", new_member("Other"))
        raise Boom

    with pytest.raises(Boom):
        await store.run(half_done)

    assert await store.run(lambda uow: uow.activities.latest(member.id)) is None
    assert await store.run(lambda uow: uow.goals.latest(member.id)) is None
    assert await store.run(lambda uow: uow.members.by_identity("telegram", "other")) is None
    # The running numbers were rolled back too: the next activity is #1 again.
    assert (await store.run(lambda uow: add_activity(uow, member.id))).number == 1
    assert await store.run(lambda uow: uow.inbox.claim("telegram", "m1", NOW)) is True


async def test_a_database_error_rolls_back_and_the_store_carries_on(
    store: Store, member: Member
) -> None:
    def duplicate(uow: UnitOfWork) -> None:
        first = add_activity(uow, member.id)
        uow.activities.add(first)  # same (member, number): violates the unique constraint

    with pytest.raises(Exception, match=r"(?i)unique"):
        await store.run(duplicate)
    assert await store.run(lambda uow: sql_scalar(uow, "SELECT count(*) FROM activities")) == 0
    assert (await store.run(lambda uow: add_activity(uow, member.id))).number == 1


async def test_close_is_idempotent(store_url: str) -> None:
    store = await open_store(store_url)
    await store.close()
    await store.close()


async def test_sqlite_store_refuses_work_after_close(tmp_path: Path) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}")
    assert isinstance(store, SqliteStore)
    await store.close()
    with pytest.raises(RuntimeError, match="closed"):
        await store.run(lambda uow: None)


async def test_async_store_over_aiosqlite_file(tmp_path: Path) -> None:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        assert isinstance(store, AsyncSqlStore)
        member = await store.run(
            lambda uow: uow.members.create_with_identity("tg", "1", new_member())
        )
        with pytest.raises(Boom):
            await store.run(lambda uow: (add_activity(uow, member.id), _raise()))
        assert (await store.run(lambda uow: add_activity(uow, member.id))).number == 1
        assert await store.run(lambda uow: uow.inbox.claim("tg", "m", NOW)) is True
        assert await store.run(lambda uow: uow.inbox.claim("tg", "m", NOW)) is False
    finally:
        await store.close()


def _raise() -> None:
    raise Boom

"""MemberRepository on every backend, including the atomicity of running numbers."""

from __future__ import annotations

import asyncio
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from bot.domain.members import Member
from bot.services.ports import Store, UnitOfWork
from storage import SqliteStore, open_store
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import NOW, add_activity, new_member, sql_scalar


async def test_unknown_identity_is_none(store: Store) -> None:
    assert await store.run(lambda uow: uow.members.by_identity("telegram", "404")) is None
    assert await store.run(lambda uow: uow.members.get(404)) is None


async def test_create_with_identity_then_find_it(store: Store) -> None:
    created = await store.run(
        lambda uow: uow.members.create_with_identity("telegram", "42", new_member("Bram"))
    )
    assert created == Member(
        id=created.id,
        display_name="Bram",
        created_at=NOW,
        language="nl",
        timezone="Europe/Amsterdam",
    )
    assert await store.run(lambda uow: uow.members.by_identity("telegram", "42")) == created
    assert await store.run(lambda uow: uow.members.get(created.id)) == created
    # The same user id on another platform is somebody else.
    assert await store.run(lambda uow: uow.members.by_identity("matrix", "42")) is None


async def test_created_at_comes_back_aware_in_utc(store: Store) -> None:
    amsterdam = timezone(timedelta(hours=1))
    created = await store.run(
        lambda uow: uow.members.create_with_identity(
            "telegram", "7", new_member(now=NOW.astimezone(amsterdam))
        )
    )
    loaded = await store.run(lambda uow: uow.members.get(created.id))
    assert loaded is not None
    assert loaded.created_at == NOW
    assert loaded.created_at.utcoffset() == timedelta(0)


async def test_save_changes_name_language_and_timezone(store: Store, member: Member) -> None:
    member.display_name, member.language, member.timezone = "Anna B.", "en", "Europe/London"
    await store.run(lambda uow: uow.members.save(member))
    assert await store.run(lambda uow: uow.members.get(member.id)) == member


async def test_save_of_unknown_member_fails(store: Store, member: Member) -> None:
    ghost = Member(id=member.id + 1000, display_name="x", created_at=NOW)
    with pytest.raises(LookupError):
        await store.run(lambda uow: uow.members.save(ghost))


async def test_running_numbers_per_sequence_and_member(
    store: Store, create_member: MemberFactory
) -> None:
    anna = await create_member(user_id="1")
    bram = await create_member(user_id="2")

    async def numbers(member_id: int, sequence: str, times: int) -> list[int]:
        return [
            await store.run(lambda uow: uow.members.next_number(member_id, sequence))
            for _ in range(times)
        ]

    assert await numbers(anna.id, "activity", 3) == [1, 2, 3]
    assert await numbers(anna.id, "goal", 2) == [1, 2]
    assert await numbers(bram.id, "activity", 1) == [1]
    assert await numbers(anna.id, "activity", 1) == [4]


async def test_numbers_are_not_reused_after_delete(store: Store, member: Member) -> None:
    first = await store.run(lambda uow: add_activity(uow, member.id))
    assert await store.run(lambda uow: uow.activities.delete(member.id, first.number))
    second = await store.run(lambda uow: add_activity(uow, member.id))
    assert second.number == first.number + 1


async def test_next_number_rejects_unknown_sequence_and_member(
    store: Store, member: Member
) -> None:
    with pytest.raises(ValueError, match="sequence"):
        await store.run(lambda uow: uow.members.next_number(member.id, "badge"))
    with pytest.raises(LookupError):
        await store.run(lambda uow: uow.members.next_number(member.id + 1000, "goal"))


async def test_concurrent_units_of_work_get_distinct_numbers(store: Store, member: Member) -> None:
    await asyncio.gather(*(store.run(lambda uow: uow.members.get(0)) for _ in range(15)))
    activities = await asyncio.gather(
        *(store.run(lambda uow: add_activity(uow, member.id)) for _ in range(50))
    )
    assert sorted(a.number for a in activities) == list(range(1, 51))


async def test_two_sqlite_stores_on_one_file_never_share_a_number(tmp_path: Path) -> None:
    # Two stores = two connections on two threads, like two bot processes on one file:
    # BEGIN IMMEDIATE and busy_timeout make them take turns instead of failing.
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = await open_store(url)
    second = SqliteStore(url)
    try:
        member = await first.run(
            lambda uow: uow.members.create_with_identity("tg", "1", new_member())
        )
        runs = [
            s.run(lambda uow: uow.members.next_number(member.id, "activity"))
            for _ in range(25)
            for s in (first, second)
        ]
        assert sorted(await asyncio.gather(*runs)) == list(range(1, 51))
    finally:
        await first.close()
        await second.close()


async def test_first_contact_race_creates_one_member(store: Store) -> None:
    def get_or_create(uow: UnitOfWork) -> Member:
        found = uow.members.by_identity("telegram", "99")
        return found or uow.members.create_with_identity("telegram", "99", new_member())

    # Warm the pool first, or the first unit of work finishes while the others are still
    # connecting and there is no race at all.
    await asyncio.gather(*(store.run(lambda uow: uow.members.get(0)) for _ in range(10)))
    results = await asyncio.gather(*(store.run(get_or_create) for _ in range(10)))
    assert len({m.id for m in results}) == 1
    # The losers of the race (PostgreSQL) removed the members they had inserted.
    assert await store.run(lambda uow: sql_scalar(uow, "SELECT count(*) FROM members")) == 1

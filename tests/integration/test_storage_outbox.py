"""The delivery outbox on every backend: idempotent enqueue, leased claims, blocking."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.domain.members import Member
from bot.services.ports import NewDelivery, Store
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import NOW

LEASE = NOW + timedelta(minutes=2)


def _item(member: Member, key: str, due_in: int = 0, user_id: str = "1001") -> NewDelivery:
    return NewDelivery(
        key=key,
        member_id=member.id,
        platform="telegram",
        user_id=user_id,
        payload={"v": 1, "spans": [["hallo " + key, "plain"]]},
        due_at=NOW + timedelta(seconds=due_in),
        notice_chat_id="-100",
    )


async def test_enqueue_is_idempotent_on_key(store: Store, member: Member) -> None:
    assert await store.run(lambda uow: uow.outbox.enqueue(_item(member, "r:1"), NOW))
    assert not await store.run(lambda uow: uow.outbox.enqueue(_item(member, "r:1"), NOW))
    assert await store.run(lambda uow: uow.outbox.pending_count("telegram")) == 1
    assert await store.run(lambda uow: uow.outbox.pending_count("discord")) == 0


async def test_claim_takes_due_rows_oldest_first_and_leases_them(
    store: Store, member: Member
) -> None:
    for key, due_in in (("late", 30), ("b", 0), ("a", -60)):
        await store.run(lambda uow, k=key, d=due_in: uow.outbox.enqueue(_item(member, k, d), NOW))
    claimed = await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE))
    assert [d.key for d in claimed] == ["a", "b"]
    assert claimed[0].payload["spans"] == [["hallo a", "plain"]]
    assert claimed[0].attempts == 0 and claimed[0].notice_chat_id == "-100"
    # Leased: nobody else gets them until the lease runs out.
    assert await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE)) == []
    again = await store.run(lambda uow: uow.outbox.claim("telegram", LEASE, 10, LEASE))
    assert [d.key for d in again] == ["a", "b", "late"]
    assert again[0].attempts == 1  # claimed once before


async def test_sent_rows_are_not_claimed_again_and_are_purged(
    store: Store, member: Member
) -> None:
    await store.run(lambda uow: uow.outbox.enqueue(_item(member, "x"), NOW))
    (row,) = await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE))
    await store.run(lambda uow: uow.outbox.mark_sent(row.id, NOW))
    later = NOW + timedelta(hours=1)
    assert await store.run(lambda uow: uow.outbox.claim("telegram", later, 10, later)) == []
    assert await store.run(lambda uow: uow.outbox.purge_sent_before(NOW)) == 0
    assert await store.run(lambda uow: uow.outbox.purge_sent_before(later)) == 1


async def test_retry_at_makes_a_row_due_later(store: Store, member: Member) -> None:
    await store.run(lambda uow: uow.outbox.enqueue(_item(member, "x"), NOW))
    (row,) = await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE))
    await store.run(lambda uow: uow.outbox.retry_at(row.id, NOW + timedelta(seconds=5)))
    at4 = NOW + timedelta(seconds=4)
    assert await store.run(lambda uow: uow.outbox.claim("telegram", at4, 10, LEASE)) == []
    at5 = NOW + timedelta(seconds=5)
    assert len(await store.run(lambda uow: uow.outbox.claim("telegram", at5, 10, LEASE))) == 1


async def test_blocking_reports_the_first_and_unblock_releases_all(
    store: Store, member: Member, create_member: MemberFactory
) -> None:
    other = await create_member(user_id="2002", name="Bram")
    for key in ("a", "b"):
        await store.run(lambda uow, k=key: uow.outbox.enqueue(_item(member, k), NOW))
    await store.run(lambda uow: uow.outbox.enqueue(_item(other, "c", user_id="2002"), NOW))
    a, b, c = await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE))
    assert await store.run(lambda uow: uow.outbox.mark_blocked(a.id)) is True
    assert await store.run(lambda uow: uow.outbox.mark_blocked(b.id)) is False
    assert await store.run(lambda uow: uow.outbox.mark_blocked(c.id)) is True  # another user
    assert await store.run(lambda uow: uow.outbox.pending_count()) == 0
    later = NOW + timedelta(hours=1)
    assert await store.run(lambda uow: uow.outbox.unblock("telegram", "1001", later)) == 2
    released = await store.run(lambda uow: uow.outbox.claim("telegram", later, 10, later))
    assert sorted(d.key for d in released) == ["a", "b"]


async def test_concurrent_claims_never_share_a_row(store: Store, member: Member) -> None:
    for number in range(60):
        await store.run(lambda uow, n=number: uow.outbox.enqueue(_item(member, f"k{n}"), NOW))
    batches = await asyncio.gather(
        *(store.run(lambda uow: uow.outbox.claim("telegram", NOW, 7, LEASE)) for _ in range(12))
    )
    keys = [d.key for batch in batches for d in batch]
    assert len(keys) == len(set(keys)) == 60


async def test_identities_and_latest_chat(
    store: Store, member: Member, create_member: MemberFactory
) -> None:
    assert await store.run(lambda uow: uow.members.identities(member.id)) == [("telegram", "1001")]
    assert await store.run(lambda uow: uow.communities.latest_chat(member.id, "telegram")) is None
    for chat, minutes in (("-1", 0), ("-2", 5)):
        at = NOW + timedelta(minutes=minutes)
        await store.run(
            lambda uow, c=chat, t=at: uow.communities.join(
                "telegram", c, "PLG", member.id, False, t
            )
        )
    assert await store.run(lambda uow: uow.communities.latest_chat(member.id, "telegram")) == "-2"
    assert await store.run(lambda uow: uow.communities.latest_chat(member.id, "discord")) is None


async def test_a_blocked_delivery_waits_whether_queued_alone_or_in_a_batch(
    store: Store, member: Member
) -> None:
    """Both ways in keep every field: a delivery known to be unreachable waits (blocked)
    until the member writes privately, also when it came in a batch."""
    alone = replace(_item(member, "alone"), blocked=True)
    batch = [replace(_item(member, "batch:1"), blocked=True), _item(member, "batch:2")]
    assert await store.run(lambda uow: uow.outbox.enqueue(alone, NOW))
    await store.run(lambda uow: uow.outbox.enqueue_many(batch, NOW))
    claimed = await store.run(lambda uow: uow.outbox.claim("telegram", NOW, 10, LEASE))
    assert [d.key for d in claimed] == ["batch:2"]
    assert await store.run(lambda uow: uow.outbox.unblock("telegram", "1001", NOW)) == 2

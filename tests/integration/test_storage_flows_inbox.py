"""Pending flows, the inbox and communities on every backend."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.flows import PendingFlow
from bot.domain.members import Member
from bot.services.ports import Store
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import NOW, sql_scalar

LATER = NOW + timedelta(minutes=10)


def _flow(member_id: int, kind: str = "log_activity", expires_at: datetime = LATER) -> PendingFlow:
    return PendingFlow(
        member_id=member_id,
        kind=kind,
        expires_at=expires_at,
        data={"step": "kind", "draft": {"minutes": 90, "title": "Ééndaagse cursus"}},
        choices=("course", "workshop", "reading"),
    )


async def test_flow_round_trip_and_replace(store: Store, member: Member) -> None:
    flow = _flow(member.id)
    await store.run(lambda uow: uow.flows.put(flow))
    assert await store.run(lambda uow: uow.flows.get(member.id, NOW)) == flow

    replacement = _flow(member.id, kind="new_goal", expires_at=LATER + timedelta(minutes=5))
    replacement.data, replacement.choices = {}, ()
    await store.run(lambda uow: uow.flows.put(replacement))
    assert await store.run(lambda uow: uow.flows.get(member.id, NOW)) == replacement


async def test_expired_flow_is_gone(store: Store, member: Member) -> None:
    await store.run(lambda uow: uow.flows.put(_flow(member.id)))
    assert await store.run(lambda uow: uow.flows.get(member.id, LATER)) is None
    assert await store.run(lambda uow: uow.flows.get(member.id, LATER - timedelta(seconds=1)))


async def test_clear(store: Store, member: Member) -> None:
    await store.run(lambda uow: uow.flows.put(_flow(member.id)))
    await store.run(lambda uow: uow.flows.clear(member.id))
    assert await store.run(lambda uow: uow.flows.get(member.id, NOW)) is None
    await store.run(lambda uow: uow.flows.clear(member.id))  # nothing to clear is fine


async def test_purge_expired(store: Store, member: Member, create_member: MemberFactory) -> None:
    other = await create_member(user_id="2")
    await store.run(lambda uow: uow.flows.put(_flow(member.id, expires_at=NOW)))
    await store.run(lambda uow: uow.flows.put(_flow(other.id, expires_at=LATER)))
    assert await store.run(lambda uow: uow.flows.purge_expired(NOW)) == 1
    assert await store.run(lambda uow: uow.flows.purge_expired(NOW)) == 0
    assert await store.run(lambda uow: uow.flows.get(other.id, NOW)) is not None


async def test_inbox_claims_a_message_once(store: Store) -> None:
    assert await store.run(lambda uow: uow.inbox.claim("telegram", "m1", NOW)) is True
    assert await store.run(lambda uow: uow.inbox.claim("telegram", "m1", LATER)) is False
    assert await store.run(lambda uow: uow.inbox.claim("matrix", "m1", NOW)) is True


async def test_inbox_purge_before(store: Store) -> None:
    await store.run(lambda uow: uow.inbox.claim("telegram", "old", NOW - timedelta(days=8)))
    await store.run(lambda uow: uow.inbox.claim("telegram", "new", NOW))
    assert await store.run(lambda uow: uow.inbox.purge_before(NOW - timedelta(days=7))) == 1
    assert await store.run(lambda uow: uow.inbox.claim("telegram", "old", NOW)) is True
    assert await store.run(lambda uow: uow.inbox.claim("telegram", "new", NOW)) is False


async def test_join_community_is_an_upsert(
    store: Store, member: Member, create_member: MemberFactory
) -> None:
    other = await create_member(user_id="2")
    joins = [
        ("telegram", "-100", "Sectie NL", member.id, False),
        ("telegram", "-100", "Sectie Nederlands", member.id, True),  # renamed, promoted
        ("telegram", "-100", "Sectie Nederlands", other.id, False),
        ("matrix", "-100", "Elders", other.id, False),  # same chat id, other platform
    ]
    for join in joins:
        await store.run(lambda uow, join=join: uow.communities.join(*join, NOW))

    rows = await store.run(
        lambda uow: uow.members._db.exec_driver_sql(  # below the port: no read method
            "SELECT c.platform, c.title, m.member_id, m.is_moderator"
            " FROM communities c JOIN community_members m ON m.community_id = c.id"
            " ORDER BY c.platform, m.member_id"
        ).all()
    )
    assert [tuple(row) for row in rows] == [
        ("matrix", "Elders", other.id, False),
        ("telegram", "Sectie Nederlands", member.id, True),
        ("telegram", "Sectie Nederlands", other.id, False),
    ]
    assert await store.run(lambda uow: sql_scalar(uow, "SELECT count(*) FROM communities")) == 2

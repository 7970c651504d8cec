"""Reminders and reminder settings on every backend; the dispatcher's batched claim."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, time, timedelta

from bot.domain.members import Member
from bot.domain.reminders import (
    QuietHours,
    Reminder,
    ReminderSettings,
    ReminderState,
    Schedule,
    ScheduleKind,
)
from bot.services.ports import NewDelivery, Store
from tests.integration.conftest import MemberFactory
from tests.integration.storage_builders import NOW

DAILY = Schedule(ScheduleKind.CRON, "0|8|*|*|*", "Europe/Amsterdam")


def _reminder(member: Member, text: str = "lezen", due_in: int = 0) -> Reminder:
    return Reminder(
        member_id=member.id,
        text=text,
        schedule=DAILY,
        next_fire_at=NOW + timedelta(minutes=due_in),
        created_at=NOW,
    )


async def test_add_numbers_per_member_and_reads_back(
    store: Store, member: Member, create_member: MemberFactory
) -> None:
    other = await create_member(user_id="2002", name="Bram")
    first = await store.run(lambda uow: uow.reminders.add(_reminder(member, "een")))
    second = await store.run(lambda uow: uow.reminders.add(_reminder(member, "twee")))
    theirs = await store.run(lambda uow: uow.reminders.add(_reminder(other, "hun")))
    assert (first.number, second.number, theirs.number) == (1, 2, 1)
    got = await store.run(lambda uow: uow.reminders.get(member.id, 2))
    assert got == second
    assert await store.run(lambda uow: uow.reminders.by_id(first.id)) == first
    listed = await store.run(lambda uow: uow.reminders.of_member(member.id))
    assert [item.text for item in listed] == ["een", "twee"]


async def test_save_delete_and_done_ones_leave_the_list(store: Store, member: Member) -> None:
    added = await store.run(lambda uow: uow.reminders.add(_reminder(member)))
    changed = replace(added, text="anders", state=ReminderState.PAUSED, next_fire_at=None)
    await store.run(lambda uow: uow.reminders.save(changed))
    assert await store.run(lambda uow: uow.reminders.get(member.id, 1)) == changed
    await store.run(lambda uow: uow.reminders.save(replace(changed, state=ReminderState.DONE)))
    assert await store.run(lambda uow: uow.reminders.of_member(member.id)) == []
    assert await store.run(lambda uow: uow.reminders.delete(member.id, 1))
    assert not await store.run(lambda uow: uow.reminders.delete(member.id, 1))


async def test_settings_default_until_saved(store: Store, member: Member) -> None:
    assert await store.run(lambda uow: uow.reminders.settings(member.id)) == ReminderSettings(
        member.id
    )
    custom = ReminderSettings(member.id, QuietHours(time(22), time(6, 30)), date(2027, 1, 6))
    await store.run(lambda uow: uow.reminders.save_settings(custom))
    assert await store.run(lambda uow: uow.reminders.settings(member.id)) == custom
    off = ReminderSettings(member.id, None, None)
    await store.run(lambda uow: uow.reminders.save_settings(off))
    assert await store.run(lambda uow: uow.reminders.settings(member.id)) == off


async def test_claim_due_takes_active_due_ones_oldest_first_with_owner_details(
    store: Store, member: Member
) -> None:
    for text, due_in in (("later", 5), ("b", 0), ("a", -5)):
        await store.run(lambda uow, t=text, d=due_in: uow.reminders.add(_reminder(member, t, d)))
    paused = _reminder(member, "paused", -10)
    await store.run(lambda uow: uow.reminders.add(replace(paused, state=ReminderState.PAUSED)))
    custom = ReminderSettings(member.id, None, date(2027, 1, 6))
    await store.run(lambda uow: uow.reminders.save_settings(custom))
    due = await store.run(lambda uow: uow.reminders.claim_due(NOW, 10))
    assert [item.reminder.text for item in due] == ["a", "b"]
    assert due[0].language == "nl"
    assert due[0].settings == custom
    assert due[0].identities == (("telegram", "1001"),)
    limited = await store.run(lambda uow: uow.reminders.claim_due(NOW, 1))
    assert [item.reminder.text for item in limited] == ["a"]


async def test_advance_moves_a_batch_in_one_call(store: Store, member: Member) -> None:
    ids = []
    for n in range(3):
        added = await store.run(lambda uow, n=n: uow.reminders.add(_reminder(member, f"r{n}")))
        ids.append(added.id)
    later = NOW + timedelta(days=1)
    changes = [(ids[0], later, ReminderState.ACTIVE), (ids[1], None, ReminderState.DONE)]
    await store.run(lambda uow: uow.reminders.advance(changes))
    due = await store.run(lambda uow: uow.reminders.claim_due(NOW, 10))
    assert [item.reminder.id for item in due] == [ids[2]]
    done = await store.run(lambda uow: uow.reminders.by_id(ids[1]))
    assert done is not None and done.state is ReminderState.DONE and done.next_fire_at is None


async def test_enqueue_many_skips_keys_queued_before(store: Store, member: Member) -> None:
    def item(key: str) -> NewDelivery:
        return NewDelivery(key, member.id, "telegram", "1001", {"v": 1, "spans": []}, NOW)

    await store.run(lambda uow: uow.outbox.enqueue_many([item("a"), item("b")], NOW))
    await store.run(lambda uow: uow.outbox.enqueue_many([item("b"), item("c")], NOW))
    await store.run(lambda uow: uow.outbox.enqueue_many([], NOW))
    assert await store.run(lambda uow: uow.outbox.pending_count("telegram")) == 3


async def test_two_concurrent_claims_never_share_a_reminder(store: Store, member: Member) -> None:
    for n in range(40):
        await store.run(lambda uow, n=n: uow.reminders.add(_reminder(member, f"r{n}", -n)))

    def claim_and_advance(uow):  # type: ignore[no-untyped-def]
        due = uow.reminders.claim_due(NOW, 15)
        uow.reminders.advance([(d.reminder.id, None, ReminderState.DONE) for d in due])
        return [d.reminder.id for d in due]

    batches = await asyncio.gather(*(store.run(claim_and_advance) for _ in range(4)))
    claimed = [rid for batch in batches for rid in batch]
    assert len(claimed) == len(set(claimed)) == 40

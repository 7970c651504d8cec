"""The one private-message queue, on a fake unit of work: where a member is reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from bot.services.ports import NewDelivery
from bot.services.private_messages import PrivateMessage, queue_private, queue_private_many

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)


class FakeOutbox:
    def __init__(self) -> None:
        self.rows: dict[str, NewDelivery] = {}

    def enqueue(self, item: NewDelivery, now: datetime) -> bool:
        if item.key in self.rows:
            return False
        self.rows[item.key] = item
        return True

    def enqueue_many(self, items: list[NewDelivery], now: datetime) -> None:
        for item in items:
            self.enqueue(item, now)


class FakeLinking:
    def reach(self, member_id: int) -> list[tuple[str, str]]:
        """In the order the member is best reached (chosen, last used privately, oldest)."""
        return {7: [("telegram", "70"), ("console", "zeven")]}.get(member_id, [])


def _uow() -> Any:
    return SimpleNamespace(outbox=FakeOutbox(), linking=FakeLinking())


def test_a_note_in_a_group_of_another_platform_is_left_out() -> None:
    uow = _uow()
    payload = {"v": 1, "spans": [["hallo", "plain"]]}
    here = PrivateMessage(7, "a", payload, notice_chat_id="-1", notice_platform="telegram")
    elsewhere = PrivateMessage(7, "b", payload, notice_chat_id="-1", notice_platform="console")
    assert queue_private(uow, here, NOW) and queue_private(uow, elsewhere, NOW)
    assert uow.outbox.rows["a"].notice_chat_id == "-1"
    assert uow.outbox.rows["b"].notice_chat_id is None  # the message goes to telegram


def test_a_member_is_reached_where_asked_or_where_best_reached() -> None:
    uow = _uow()
    payload = {"v": 1, "spans": [["hallo", "plain"]]}
    assert queue_private(uow, PrivateMessage(7, "a", payload), NOW)
    assert queue_private(uow, PrivateMessage(7, "b", payload, platform="console"), NOW)
    later = NOW + timedelta(hours=1)
    assert queue_private(
        uow, PrivateMessage(7, "c", payload, due_at=later, platform="x", user_id="1"), NOW
    )
    rows = uow.outbox.rows
    assert (rows["a"].platform, rows["a"].user_id, rows["a"].due_at) == ("telegram", "70", NOW)
    assert (rows["b"].platform, rows["b"].user_id) == ("console", "zeven")
    assert (rows["c"].platform, rows["c"].user_id, rows["c"].due_at) == ("x", "1", later)


def test_nothing_is_queued_twice_or_for_a_member_who_cannot_be_reached() -> None:
    uow = _uow()
    payload: dict[str, Any] = {"v": 1, "spans": []}
    assert queue_private(uow, PrivateMessage(7, "k", payload, blocked=True), NOW)
    assert not queue_private(uow, PrivateMessage(7, "k", payload), NOW)
    assert uow.outbox.rows["k"].blocked
    assert not queue_private(uow, PrivateMessage(7, "m", payload, platform="matrix"), NOW)
    assert not queue_private(uow, PrivateMessage(8, "n", payload), NOW)
    batch = [PrivateMessage(7, "p", payload), PrivateMessage(8, "q", payload)]
    assert queue_private_many(uow, batch, NOW) == 1
    assert set(uow.outbox.rows) == {"k", "p"}
